// The sandbox page: a small Discord client for one server, talking to the sandbox's server,
// which turns every action into the emulator's own (a member runs a command, clicks, reacts).
import { el, link, renderInline, renderMarkdown } from './markdown.js';

const EMOJI = ['👍', '🎉', '❤️', '👀'];
const OPTION = { SUB: 1, GROUP: 2, STRING: 3, INTEGER: 4, BOOLEAN: 5, USER: 6, CHANNEL: 7, ROLE: 8, NUMBER: 10 };

const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

const state = {
  /** @type {any} */ world: null,
  me: '',
  channel: '',
  offsetMs: 0,
  /** @type {Map<string, {json: string, node: HTMLElement}>} */ rendered: new Map(),
  /** @type {Set<string>} */ unread: new Set(),
  /** @type {Set<string>} */ dismissed: new Set(),
  /** @type {any} */ pending: null,
  menuIndex: 0,
};

const now = () => new Date(Date.now() + state.offsetMs);
window.sandboxNow = now;

async function api(path, body) {
  const response = await fetch(
    path,
    body === undefined
      ? {}
      : {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        },
  );
  const json = await response.json();
  if (!response.ok) throw new Error(json.error ?? `HTTP ${response.status}`);
  return json;
}

const names = {
  userName: (id) =>
    state.world?.members.find((m) => m.id === id)?.name ?? (id === state.world?.botId ? 'Paperboy' : 'someone'),
  channelName: (id) => state.world?.channels.find((c) => c.id === id)?.name ?? 'unknown-channel',
};
const channelById = (id) => state.world.channels.find((c) => c.id === id);
const meMember = () => state.world.members.find((m) => m.id === state.me);

// ---------------------------------------------------------------- start-up

async function start() {
  state.world = await api('/api/state');
  state.offsetMs = new Date(state.world.now).getTime() - Date.now();
  state.me = state.world.members[0].id;
  state.channel = (state.world.channels.find((c) => c.name === 'general') ?? state.world.channels[0]).id;
  $('guild-name').textContent = state.world.guild.name;
  $('digest-time').textContent = state.world.digestTime;
  renderMembers();
  renderWho();
  renderChannels();
  showClock();
  setInterval(showClock, 1000);
  wireComposer();
  wireClock();
  listen();
  await refresh();
  document.body.dataset.ready = 'true';
}

function listen() {
  const events = new EventSource('/api/events');
  events.addEventListener('change', (event) => {
    const change = JSON.parse(event.data);
    if (change.channelId === state.channel || !change.channelId) scheduleRefresh();
    else if (change.kind === 'message-create') {
      state.unread.add(change.channelId);
      renderChannels();
    }
  });
  events.addEventListener('clock', (event) => {
    state.offsetMs = new Date(JSON.parse(event.data)).getTime() - Date.now();
  });
  // After a reconnect (the sandbox restarted, the laptop slept) catch up on what was missed.
  events.addEventListener('open', () => scheduleRefresh());
}

let refreshTimer = 0;
function scheduleRefresh() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => void refresh(), 30);
}

async function refresh() {
  const channel = state.channel;
  const messages = await api(`/api/messages?channel=${channel}&as=${state.me}`);
  if (channel === state.channel) renderMessages(messages);
}

// ---------------------------------------------------------------- sidebar

function renderChannels() {
  const list = $('channels');
  list.replaceChildren(
    ...state.world.channels.map((channel) => {
      const button = el('button');
      button.type = 'button';
      button.className = 'channel';
      button.dataset.channel = channel.name;
      const current = channel.id === state.channel;
      if (current) button.setAttribute('aria-current', 'page');
      const unread = state.unread.has(channel.id) && !current;
      button.classList.toggle('unread', unread);
      const hash = el('span', '#');
      hash.setAttribute('aria-hidden', 'true');
      hash.className = 'hash';
      button.append(hash, el('span', channel.name));
      if (unread) {
        const dot = el('span', 'new messages');
        dot.className = 'visually-hidden';
        button.append(dot);
      }
      button.addEventListener('click', () => switchChannel(channel.id));
      const item = el('li');
      item.append(button);
      return item;
    }),
  );
  const channel = channelById(state.channel);
  $('channel-name').textContent = channel.name;
  $('channel-topic').textContent = channel.topic;
  $('message-box').setAttribute('placeholder', `Message #${channel.name} — type / for Paperboy's commands`);
  $('messages').setAttribute('aria-label', `Messages in #${channel.name}`);
}

function switchChannel(id) {
  if (id === state.channel) return;
  state.channel = id;
  state.unread.delete(id);
  state.rendered.clear();
  $('messages').replaceChildren();
  renderChannels();
  void refresh();
}

function renderWho() {
  const select = /** @type {HTMLSelectElement} */ ($('who'));
  select.replaceChildren(
    ...state.world.members.map((m) => {
      const option = el('option', `${m.name} — ${m.note}`);
      option.value = m.id;
      return option;
    }),
  );
  select.value = state.me;
  select.addEventListener('change', () => {
    state.me = select.value;
    state.rendered.clear();
    $('messages').replaceChildren();
    renderMembers();
    closeCommand();
    void refresh();
  });
}

function renderMembers() {
  const bot = { id: state.world.botId, name: 'Paperboy', note: 'bot', bot: true };
  $('member-list').replaceChildren(
    ...[bot, ...state.world.members].map((m) => {
      const item = el('li');
      item.className = 'member';
      if (m.id === state.me) item.classList.add('me');
      item.append(avatar(m.name, m.bot), el('span', m.name));
      if (m.bot) item.append(botTag());
      if (m.id === state.me) item.append(el('span', '(you)'));
      return item;
    }),
  );
}

function showClock() {
  const time = $('clock-now');
  const date = now();
  time.textContent = `${date.toLocaleString('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' })} UTC`;
  time.setAttribute('datetime', date.toISOString());
}

function wireClock() {
  const run = async (action, button) => {
    const buttons = [$('post-today'), $('jump-tomorrow')];
    for (const b of buttons) b.setAttribute('disabled', '');
    $('clock-status').textContent = 'Moving the clock…';
    try {
      const { now: at } = await api('/api/clock', { action });
      state.offsetMs = new Date(at).getTime() - Date.now();
      showClock();
      $('clock-status').textContent = `It is now ${$('clock-now').textContent}: the digest job ran. Watch #papers.`;
    } catch (error) {
      $('clock-status').textContent = `Could not move the clock: ${error.message}`;
    } finally {
      for (const b of buttons) b.removeAttribute('disabled');
      button.focus();
    }
  };
  $('post-today').addEventListener('click', (e) => run('today', e.currentTarget));
  $('jump-tomorrow').addEventListener('click', (e) => run('tomorrow', e.currentTarget));
}

// ---------------------------------------------------------------- messages

function renderMessages(messages) {
  const list = $('messages');
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80 || state.rendered.size === 0;
  const focusKey = document.activeElement instanceof HTMLElement ? document.activeElement.dataset.focusKey : undefined;
  const visible = messages.filter((m) => !state.dismissed.has(m.id));
  const seen = new Set();
  let previous = null;
  visible.forEach((message, index) => {
    seen.add(message.id);
    const grouped = isGrouped(visible[index - 1], message);
    const json = JSON.stringify([message, grouped]);
    let entry = state.rendered.get(message.id);
    if (!entry || entry.json !== json) {
      const node = renderMessage(message, grouped);
      if (entry) entry.node.replaceWith(node);
      entry = { json, node };
      state.rendered.set(message.id, entry);
    }
    const expected = previous ? previous.nextSibling : list.firstChild;
    if (expected !== entry.node) list.insertBefore(entry.node, expected);
    previous = entry.node;
  });
  for (const [id, entry] of state.rendered) {
    if (!seen.has(id)) {
      entry.node.remove();
      state.rendered.delete(id);
    }
  }
  if (focusKey) list.querySelector(`[data-focus-key="${CSS.escape(focusKey)}"]`)?.focus();
  if (atBottom) list.scrollTop = list.scrollHeight;
}

function isGrouped(before, message) {
  if (!before || message.usedBy || before.author.id !== message.author.id) return false;
  return new Date(message.timestamp).getTime() - new Date(before.timestamp).getTime() < 5 * 60_000;
}

function renderMessage(message, grouped) {
  const item = el('li');
  item.className = 'message';
  item.id = `message-${message.id}`;
  item.dataset.messageId = message.id;
  item.classList.toggle('grouped', grouped);
  item.classList.toggle('ephemeral', message.ephemeral);
  if (message.usedBy) {
    const used = el('div');
    used.className = 'used-by';
    used.append(el('span', message.usedBy.name), document.createTextNode(' used '), el('code', message.usedBy.command));
    item.append(used);
  }
  if (!grouped) item.append(avatar(message.author.name, message.author.bot));
  const body = el('div');
  body.className = 'message-body';
  if (!grouped) {
    const head = el('div');
    head.className = 'message-head';
    const author = el('span', message.author.name);
    author.className = 'author';
    head.append(author);
    if (message.author.bot) head.append(botTag());
    const time = el('time', formatTime(message.timestamp));
    time.dateTime = message.timestamp;
    head.append(time);
    body.append(head);
  }
  if (message.loading) {
    const thinking = el('p', 'Paperboy is thinking…');
    thinking.className = 'thinking';
    body.append(thinking);
  }
  if (message.content) {
    const content = el('div');
    content.className = 'content';
    content.append(renderMarkdown(message.content, names));
    if (message.edited) {
      const edited = el('span', '(edited)');
      edited.className = 'edited';
      content.append(edited);
    }
    body.append(content);
  }
  for (const embed of message.embeds) body.append(renderEmbed(embed));
  const embedded = new Set(message.embeds.flatMap((e) => [e.image?.url, e.thumbnail?.url]));
  for (const file of message.attachments) {
    if (embedded.has(file.url) || !file.contentType.startsWith('image/')) continue;
    const img = el('img');
    img.src = file.url;
    img.alt = file.description ?? file.filename;
    img.className = 'attachment';
    body.append(img);
  }
  for (const row of message.rows) body.append(renderRow(message, row));
  if (!message.ephemeral && !message.loading) body.append(renderReactions(message));
  if (message.ephemeral) body.append(ephemeralNote(message));
  item.append(body);
  return item;
}

function renderEmbed(embed) {
  const box = el('article');
  box.className = 'embed';
  if (typeof embed.color === 'number')
    box.style.borderInlineStartColor = `#${embed.color.toString(16).padStart(6, '0')}`;
  const main = el('div');
  main.className = 'embed-main';
  if (embed.author?.name) {
    const author = el('div', embed.author.name);
    author.className = 'embed-author';
    main.append(author);
  }
  if (embed.title) {
    const title = el('h3');
    title.className = 'embed-title';
    if (embed.url) {
      const a = link(embed.url);
      a.append(renderInline(embed.title, names));
      title.append(a);
    } else title.append(renderInline(embed.title, names));
    main.append(title);
  }
  if (embed.description) {
    const description = el('div');
    description.className = 'embed-description';
    description.append(renderMarkdown(embed.description, names));
    main.append(description);
  }
  if (embed.fields?.length) {
    const fields = el('dl');
    fields.className = 'embed-fields';
    for (const field of embed.fields) {
      const wrap = el('div');
      wrap.className = field.inline ? 'field inline' : 'field';
      const name = el('dt');
      name.append(renderInline(field.name, names));
      const value = el('dd');
      value.append(renderMarkdown(field.value, names));
      wrap.append(name, value);
      fields.append(wrap);
    }
    main.append(fields);
  }
  if (embed.image?.url) main.append(picture(embed.image.url, 'embed-image', embed.title ?? 'image'));
  box.append(main);
  if (embed.thumbnail?.url) box.append(picture(embed.thumbnail.url, 'embed-thumbnail', 'thumbnail'));
  if (embed.footer?.text || embed.timestamp) {
    const footer = el('footer');
    footer.className = 'embed-footer';
    footer.textContent = [embed.footer?.text, embed.timestamp ? formatTime(embed.timestamp) : '']
      .filter(Boolean)
      .join(' • ');
    box.append(footer);
  }
  return box;
}

/** Pictures from this machine are shown; one from the web is named, not fetched: the sandbox stays offline. */
function picture(url, className, what) {
  if (url.startsWith('/') || url.startsWith('data:')) {
    const img = el('img');
    img.src = url;
    img.alt = what;
    img.className = className;
    return img;
  }
  let host = 'the web';
  try {
    host = new URL(url).host;
  } catch {}
  const placeholder = el('div', '🖼 offline');
  placeholder.className = `${className} offline-picture`;
  placeholder.title = `${what} from ${host}: not loaded, the sandbox stays offline`;
  placeholder.setAttribute('role', 'img');
  placeholder.setAttribute('aria-label', `${what} from ${host}, not loaded`);
  return placeholder;
}

function renderRow(message, row) {
  const wrap = el('div');
  wrap.className = 'buttons';
  for (const button of row) {
    if (button.url) {
      const a = link(button.url);
      a.className = 'button style-5';
      a.textContent = `${button.emoji ? `${button.emoji} ` : ''}${button.label} ↗`;
      wrap.append(a);
      continue;
    }
    const b = el('button', `${button.emoji ? `${button.emoji} ` : ''}${button.label}`);
    b.type = 'button';
    b.className = `button style-${button.style}`;
    b.disabled = button.disabled;
    b.dataset.focusKey = `${message.id}:${button.customId}`;
    b.addEventListener('click', async () => {
      b.disabled = true;
      try {
        const answer = await api('/api/button', {
          as: state.me,
          channel: state.channel,
          message: message.id,
          customId: button.customId,
        });
        if (!answer.ok) flash(message.id, 'This interaction failed');
      } catch (error) {
        flash(message.id, error.message);
      } finally {
        b.disabled = button.disabled;
      }
    });
    wrap.append(b);
  }
  return wrap;
}

function renderReactions(message) {
  const bar = el('div');
  bar.className = 'reactions';
  bar.setAttribute('role', 'group');
  bar.setAttribute('aria-label', 'Reactions');
  for (const reaction of message.reactions) {
    const shown = emojiText(reaction.emoji);
    const b = el('button');
    b.type = 'button';
    b.className = 'reaction';
    b.setAttribute('aria-pressed', String(reaction.me));
    b.setAttribute(
      'aria-label',
      `${shown}: ${reaction.count} ${reaction.count === 1 ? 'reaction' : 'reactions'}${reaction.me ? ', including yours: remove it' : ': add yours'}`,
    );
    b.dataset.focusKey = `${message.id}:reaction:${reaction.emoji}`;
    b.dataset.emoji = reaction.emoji;
    const count = el('span', String(reaction.count));
    count.className = 'count';
    b.append(el('span', shown), count);
    b.addEventListener('click', () => react(message.id, reaction.emoji, !reaction.me));
    bar.append(b);
  }
  const picker = el('details');
  picker.className = 'add-reaction';
  const summary = el('summary', '☺+');
  summary.setAttribute('aria-label', 'Add a reaction');
  summary.dataset.focusKey = `${message.id}:add-reaction`;
  picker.append(summary);
  const menu = el('div');
  menu.className = 'emoji-menu';
  for (const emoji of EMOJI) {
    const b = el('button', emoji);
    b.type = 'button';
    b.setAttribute('aria-label', `React with ${emoji}`);
    b.addEventListener('click', () => {
      picker.open = false;
      const mine = message.reactions.find((r) => r.emoji === emoji)?.me ?? false;
      void react(message.id, emoji, !mine);
    });
    menu.append(b);
  }
  picker.append(menu);
  bar.append(picker);
  return bar;
}

async function react(messageId, emoji, add) {
  try {
    await api('/api/reaction', { as: state.me, channel: state.channel, message: messageId, emoji, add });
  } catch (error) {
    flash(messageId, error.message);
  }
}

function ephemeralNote(message) {
  const note = el('div');
  note.className = 'ephemeral-note';
  const eye = el('span', '👁');
  eye.setAttribute('aria-hidden', 'true');
  const dismiss = el('button', 'Dismiss message');
  dismiss.type = 'button';
  dismiss.className = 'link-button';
  dismiss.addEventListener('click', () => {
    state.dismissed.add(message.id);
    void refresh();
  });
  note.append(eye, document.createTextNode(' Only you can see this · '), dismiss);
  return note;
}

function flash(messageId, text) {
  const item = document.getElementById(`message-${messageId}`);
  const note = el('p', text);
  note.className = 'failed';
  note.setAttribute('role', 'alert');
  (item?.querySelector('.message-body') ?? $('command-error')).append(note);
  setTimeout(() => note.remove(), 5000);
}

function avatar(name, bot) {
  const span = el('span', (name[0] ?? '?').toUpperCase());
  span.className = bot ? 'avatar bot' : 'avatar';
  span.setAttribute('aria-hidden', 'true');
  return span;
}

function botTag() {
  const tag = el('span', 'BOT');
  tag.className = 'bot-tag';
  return tag;
}

function emojiText(emoji) {
  const custom = /^([\w~-]+):\d+$/.exec(emoji);
  return custom ? `:${custom[1]}:` : emoji;
}

function formatTime(iso) {
  return new Date(iso).toLocaleString('en-GB', {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
}

// ---------------------------------------------------------------- slash commands

/** Every command and subcommand the bot registered, as one flat list the menu filters. */
function commandEntries() {
  const admin = meMember()?.admin === true;
  const entries = [];
  for (const command of state.world.commands) {
    if (command.type !== undefined && command.type !== 1) continue;
    // Discord hides a command from members without its default permissions.
    if (command.default_member_permissions && command.default_member_permissions !== '0' && !admin) continue;
    const options = command.options ?? [];
    const subs = options.filter((o) => o.type === OPTION.SUB || o.type === OPTION.GROUP);
    if (subs.length === 0) entries.push({ command: command.name, path: [], description: command.description, options });
    for (const sub of subs) {
      if (sub.type === OPTION.SUB) {
        entries.push({
          command: command.name,
          path: [sub.name],
          description: sub.description,
          options: sub.options ?? [],
        });
      } else {
        for (const leaf of sub.options ?? []) {
          entries.push({
            command: command.name,
            path: [sub.name, leaf.name],
            description: leaf.description,
            options: leaf.options ?? [],
          });
        }
      }
    }
  }
  return entries.map((e) => ({ ...e, label: `/${[e.command, ...e.path].join(' ')}` }));
}

function wireComposer() {
  const box = /** @type {HTMLInputElement} */ ($('message-box'));
  box.addEventListener('input', () => {
    if (state.pending && box.value !== state.pending.label) closeCommand(false);
    updateMenu();
  });
  box.addEventListener('keydown', (event) => {
    const menu = $('command-menu');
    const items = [...menu.querySelectorAll('[role="option"]')];
    if (!menu.hidden && items.length > 0) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        state.menuIndex = (state.menuIndex + (event.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length;
        highlightMenu();
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        items[state.menuIndex]?.dispatchEvent(new Event('click'));
        return;
      }
    }
    if (event.key === 'Escape') closeCommand();
  });
  $('command-cancel').addEventListener('click', () => closeCommand());
  $('composer').addEventListener('submit', (event) => {
    event.preventDefault();
    void send();
  });
  $('composer').addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && state.pending) {
      closeCommand();
      box.focus();
    }
  });
}

function updateMenu() {
  const box = /** @type {HTMLInputElement} */ ($('message-box'));
  const menu = $('command-menu');
  const typed = box.value;
  if (!typed.startsWith('/') || state.pending) {
    menu.hidden = true;
    box.setAttribute('aria-expanded', 'false');
    return;
  }
  const query = typed.slice(1).trim().toLowerCase();
  const entries = commandEntries().filter(
    (e) => e.label.slice(1).startsWith(query) || (query && e.label.includes(query)),
  );
  state.menuIndex = 0;
  menu.replaceChildren(
    ...(entries.length === 0 ? [el('p', 'No command matches')] : []),
    ...entries.map((entry, index) => {
      const item = el('div');
      item.id = `command-option-${index}`;
      item.setAttribute('role', 'option');
      item.className = 'menu-item';
      const name = el('strong', entry.label);
      const description = el('span', entry.description ?? '');
      description.className = 'hint';
      item.append(name, description);
      item.addEventListener('mousedown', (e) => e.preventDefault());
      item.addEventListener('click', () => openCommand(entry));
      return item;
    }),
  );
  const heading = el('p', 'Paperboy');
  heading.className = 'menu-heading';
  heading.setAttribute('aria-hidden', 'true');
  menu.prepend(heading);
  menu.hidden = false;
  box.setAttribute('aria-expanded', 'true');
  highlightMenu();
}

function highlightMenu() {
  const items = [...$('command-menu').querySelectorAll('[role="option"]')];
  for (const [index, item] of items.entries()) item.setAttribute('aria-selected', String(index === state.menuIndex));
  const current = items[state.menuIndex];
  if (current) {
    $('message-box').setAttribute('aria-activedescendant', current.id);
    current.scrollIntoView({ block: 'nearest' });
  } else $('message-box').removeAttribute('aria-activedescendant');
}

function openCommand(entry) {
  state.pending = entry;
  const box = /** @type {HTMLInputElement} */ ($('message-box'));
  box.value = entry.label;
  $('command-menu').hidden = true;
  box.setAttribute('aria-expanded', 'false');
  box.removeAttribute('aria-activedescendant');
  $('command-name').textContent = entry.label;
  $('command-description').textContent = entry.description ?? '';
  $('command-error').textContent = '';
  const options = [...entry.options].sort((a, b) => Number(Boolean(b.required)) - Number(Boolean(a.required)));
  $('command-options').replaceChildren(...options.map((option) => optionField(entry, option)));
  $('command-form').hidden = false;
  const first = /** @type {HTMLElement | null} */ ($('command-options').querySelector('input, select'));
  (first ?? box).focus();
}

function closeCommand(clear = true) {
  state.pending = null;
  $('command-form').hidden = true;
  $('command-options').replaceChildren();
  if (clear) /** @type {HTMLInputElement} */ ($('message-box')).value = '';
  updateMenu();
}

function optionField(entry, option) {
  const wrap = el('div');
  wrap.className = 'option';
  const id = `option-${option.name}`;
  const label = el('label', option.name);
  label.htmlFor = id;
  if (option.required) {
    const star = el('span', ' *');
    star.setAttribute('aria-hidden', 'true');
    label.append(star);
  }
  /** @type {HTMLInputElement | HTMLSelectElement} */
  let input;
  if (option.choices?.length || option.type === OPTION.BOOLEAN || option.type === OPTION.CHANNEL) {
    const select = el('select');
    const choices =
      option.type === OPTION.BOOLEAN
        ? [
            { name: 'True', value: 'true' },
            { name: 'False', value: 'false' },
          ]
        : option.type === OPTION.CHANNEL
          ? state.world.channels.map((c) => ({ name: `#${c.name}`, value: c.id }))
          : option.choices;
    select.append(el('option', option.required ? 'Choose…' : '(default)'));
    select.options[0].value = '';
    for (const choice of choices) {
      const o = el('option', choice.name);
      o.value = String(choice.value);
      select.append(o);
    }
    input = select;
  } else {
    const text = el('input');
    text.type = option.type === OPTION.INTEGER || option.type === OPTION.NUMBER ? 'number' : 'text';
    if (option.max_length) text.maxLength = option.max_length;
    if (option.min_value !== undefined) text.min = String(option.min_value);
    if (option.max_value !== undefined) text.max = String(option.max_value);
    text.placeholder = option.description ?? '';
    text.spellcheck = false;
    input = text;
  }
  input.id = id;
  input.name = option.name;
  input.dataset.type = String(option.type);
  if (option.required) input.required = true;
  const hint = el('span', option.description ?? '');
  hint.className = 'hint';
  hint.id = `${id}-hint`;
  input.setAttribute('aria-describedby', hint.id);
  wrap.append(label, input, hint);
  if (option.autocomplete && input instanceof HTMLInputElement) attachAutocomplete(entry, option, input, wrap);
  return wrap;
}

function attachAutocomplete(entry, option, input, wrap) {
  const list = el('ul');
  list.className = 'suggestions';
  list.id = `${input.id}-suggestions`;
  list.setAttribute('role', 'listbox');
  list.setAttribute('aria-label', `Suggestions for ${option.name}`);
  list.hidden = true;
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-controls', list.id);
  input.setAttribute('aria-expanded', 'false');
  wrap.append(list);
  let timer = 0;
  let asked = 0;
  let index = -1;
  const show = (choices) => {
    index = -1;
    list.replaceChildren(
      ...choices.map((choice, i) => {
        const item = el('li', choice.name);
        item.id = `${list.id}-${i}`;
        item.setAttribute('role', 'option');
        item.dataset.value = String(choice.value);
        item.addEventListener('mousedown', (e) => e.preventDefault());
        item.addEventListener('click', () => pick(item));
        return item;
      }),
    );
    list.hidden = choices.length === 0;
    input.setAttribute('aria-expanded', String(!list.hidden));
  };
  const pick = (item) => {
    input.value = item.dataset.value ?? '';
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  };
  const ask = async () => {
    const ticket = ++asked;
    try {
      const { choices } = await api('/api/autocomplete', {
        as: state.me,
        channel: state.channel,
        name: entry.command,
        options: buildOptions(entry, { name: option.name, type: option.type, value: input.value }),
      });
      if (ticket === asked && document.activeElement === input) show(choices);
    } catch {
      show([]);
    }
  };
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void ask(), 120);
  });
  input.addEventListener('focus', () => void ask());
  input.addEventListener('blur', () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
  });
  input.addEventListener('keydown', (event) => {
    const items = [...list.querySelectorAll('[role="option"]')];
    if (list.hidden || items.length === 0) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      index = (index + (event.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length;
      for (const [i, item] of items.entries()) item.setAttribute('aria-selected', String(i === index));
      input.setAttribute('aria-activedescendant', items[index].id);
    } else if ((event.key === 'Enter' || event.key === 'Tab') && index >= 0) {
      event.preventDefault();
      pick(items[index]);
    } else if (event.key === 'Escape') {
      event.stopPropagation();
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
    }
  });
}

/** The interaction's options as Discord sends them: the filled-in values, typed, under their subcommand. */
function buildOptions(entry, focused) {
  const filled = [];
  for (const input of /** @type {NodeListOf<HTMLInputElement>} */ (
    $('command-options').querySelectorAll('input, select')
  )) {
    const type = Number(input.dataset.type);
    if (focused && input.name === focused.name) {
      filled.push({ type, name: input.name, value: focused.value, focused: true });
      continue;
    }
    if (input.value === '') continue;
    const value =
      type === OPTION.INTEGER || type === OPTION.NUMBER
        ? Number(input.value)
        : type === OPTION.BOOLEAN
          ? input.value === 'true'
          : input.value;
    filled.push({ type, name: input.name, value });
  }
  if (entry.path.length === 0) return filled;
  if (entry.path.length === 1) return [{ type: OPTION.SUB, name: entry.path[0], options: filled }];
  return [
    { type: OPTION.GROUP, name: entry.path[0], options: [{ type: OPTION.SUB, name: entry.path[1], options: filled }] },
  ];
}

async function send() {
  const box = /** @type {HTMLInputElement} */ ($('message-box'));
  const error = $('command-error');
  if (!state.pending) {
    const typed = box.value.trim();
    const match = commandEntries().find((e) => e.label === typed);
    if (match) return openCommand(match);
    if (typed) {
      $('command-form').hidden = false;
      $('command-name').textContent = '';
      $('command-description').textContent = '';
      error.textContent = 'Paperboy answers slash commands only: type / to pick one.';
    }
    return;
  }
  const entry = state.pending;
  const missing = entry.options.filter(
    (o) => o.required && !(/** @type {HTMLInputElement} */ (document.getElementById(`option-${o.name}`))?.value),
  );
  if (missing.length > 0) {
    error.textContent = `Fill in ${missing.map((o) => o.name).join(', ')} first.`;
    document.getElementById(`option-${missing[0].name}`)?.focus();
    return;
  }
  const options = buildOptions(entry);
  const label = [entry.label, ...flatValues(options)].join(' ');
  error.textContent = '';
  $('send').setAttribute('disabled', '');
  try {
    const answer = await api('/api/command', {
      as: state.me,
      channel: state.channel,
      name: entry.command,
      options,
      label,
    });
    if (!answer.ok) {
      error.textContent = answer.error;
      return;
    }
    closeCommand();
    box.focus();
  } catch (e) {
    error.textContent = e.message;
  } finally {
    $('send').removeAttribute('disabled');
  }
}

function flatValues(options) {
  return options.flatMap((o) =>
    o.options
      ? flatValues(o.options)
      : [`${o.name}:${o.type === OPTION.CHANNEL ? `#${names.channelName(o.value)}` : o.value}`],
  );
}

void start().catch((error) => {
  document.body.dataset.ready = 'error';
  $('messages').replaceChildren(el('li', `The sandbox could not load: ${error.message}`));
});
