import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/startSandbox.ts';
import { REPO_ROOT } from '../support/runScript.ts';

/**
 * `npm run sandbox` in real headless Chromium: the page, the sandbox server, the emulator and the
 * real bot in its own process, driven the way a person would drive them.
 */
const ARTIFACTS = join(REPO_ROOT, 'test-artifacts', 'sandbox');
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let sandbox: Sandbox;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const offMachine: string[] = [];

const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
const messages = () => page.locator('#messages > li');
const lastMessage = () => messages().last();

async function openChannel(name: string) {
  await page.locator(`.channel[data-channel="${name}"]`).click();
  await expect.poll(() => page.locator('#channel-name').textContent()).toBe(name);
}

async function actAs(name: string) {
  const value = await page.locator('#who option', { hasText: name }).getAttribute('value');
  await page.locator('#who').selectOption(value ?? '');
}

/** Types `/` and part of a command, picks it from the menu with the keyboard. */
async function pickCommand(typed: string, label: string) {
  const box = page.locator('#message-box');
  await box.click();
  await box.fill('');
  await box.pressSequentially(`/${typed}`);
  const menu = page.locator('#command-menu');
  await menu.waitFor({ state: 'visible' });
  await expect.poll(() => menu.locator('[role="option"]').first().textContent()).toContain(label);
  await box.press('Enter');
  await expect.poll(() => page.locator('#command-name').textContent()).toBe(label);
}

async function send() {
  const before = await messages().count();
  await page.locator('#send').click();
  await expect.poll(() => messages().count(), { timeout: 10_000 }).toBeGreaterThan(before);
  // The answer may be deferred: wait until it is filled in.
  await expect.poll(() => lastMessage().locator('.thinking').count(), { timeout: 10_000 }).toBe(0);
}

const titles = (message: Locator) => message.locator('.embed-title').allTextContents();

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  sandbox = await startSandbox();
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  page.on('request', (request) => {
    if (!request.url().startsWith(sandbox.url)) offMachine.push(request.url());
  });
  await page.goto(sandbox.url);
  await page.locator('body[data-ready="true"]').waitFor();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await sandbox?.stop();
});

describe('npm run sandbox, in a browser', () => {
  it('shows the server: channels, members, the clock', async () => {
    expect(await page.locator('.channel').allTextContents()).toEqual(['#papers', '#general']);
    expect(await page.locator('#member-list').textContent()).toMatch(/Paperboy.*ada.*grace.*alan/s);
    expect(await page.locator('#clock-now').textContent()).toContain('20 Aug 2026');
    // The admin's /digest set answer, only to her.
    expect(await lastMessage().textContent()).toContain('Digest saved');
    expect(await lastMessage().textContent()).toContain('Only you can see this');
  });

  it('runs /papers today from the slash menu and pages with the buttons', async () => {
    await pickCommand('papers to', '/papers today');
    await send();
    const answer = lastMessage();
    expect(await answer.locator('.used-by').textContent()).toBe('ada used /papers today');
    expect(await answer.locator('.content').textContent()).toContain('1–5 of 26');
    const first = await titles(answer);
    expect(first).toHaveLength(5);
    expect(first[0]).toBe('ASI-Bench: At the Dawn of Artificial Superintelligence');
    expect(await answer.locator('.embed-title a').first().getAttribute('href')).toContain('huggingface.co/papers/');
    expect(await answer.locator('.embed-fields dt').allTextContents()).toContain('Authors');
    expect(await answer.locator('.embed-footer').first().textContent()).toContain('arXiv 2608.17271');
    await shot('papers-today');

    await answer.getByRole('button', { name: 'Next ▶' }).click();
    await expect.poll(() => lastMessage().locator('.content').textContent()).toContain('6–10 of 26');
    const second = await titles(lastMessage());
    expect(second).toHaveLength(5);
    expect(second).not.toContain(first[0]);
    await lastMessage().getByRole('button', { name: '◀ Previous' }).click();
    await expect.poll(() => lastMessage().locator('.content').textContent()).toContain('1–5 of 26');
  });

  it('suggests topics as you type and runs /papers topic', async () => {
    await pickCommand('papers top', '/papers topic');
    const topic = page.locator('#option-topic');
    await topic.pressSequentially('reinf');
    const suggestion = page.locator('#option-topic-suggestions [role="option"]', { hasText: 'reinforcement' }).first();
    await suggestion.waitFor();
    await suggestion.click();
    expect(await topic.inputValue()).toBe('reinforcement-learning');
    await send();
    const answer = lastMessage();
    expect(await answer.locator('.used-by').textContent()).toBe('ada used /papers topic topic:reinforcement-learning');
    expect((await titles(answer)).length).toBeGreaterThan(0);
    await shot('papers-topic');
  });

  it('answers bad input only to the member who sent it', async () => {
    await pickCommand('papers today', '/papers today');
    await page.locator('#option-date').fill('2026-13-45');
    await send();
    const answer = lastMessage();
    expect(await answer.getAttribute('class')).toContain('ephemeral');
    expect(await answer.locator('.ephemeral-note').textContent()).toContain('Only you can see this');
    const errorId = await answer.getAttribute('data-message-id');
    await shot('ephemeral-error');

    await actAs('grace');
    await expect.poll(() => page.locator('#member-list .me').textContent()).toContain('grace');
    await expect.poll(() => page.locator(`[data-message-id="${errorId}"]`).count()).toBe(0);
    // Grace still sees the public answers.
    expect(await page.locator('#messages .used-by', { hasText: 'ada used /papers today' }).count()).toBe(1);
    await actAs('ada');
    await expect.poll(() => page.locator(`[data-message-id="${errorId}"]`).count()).toBe(1);
  });

  it("posts today's digest when the clock says so", async () => {
    await page.getByRole('button', { name: "Post today's digest now" }).click();
    await expect.poll(() => page.locator('#clock-now').textContent()).toContain('09:0');
    await expect.poll(() => page.locator('.channel.unread').count(), { timeout: 10_000 }).toBe(1);
    await openChannel('papers');
    await expect.poll(() => messages().count(), { timeout: 20_000 }).toBe(6);
    expect(await messages().first().textContent()).toContain('Daily papers — Thursday, 20 August 2026');
    // The bot's own 👍 arrives under each paper: wait for the last.
    await expect.poll(() => page.locator('#messages .reaction[data-emoji="👍"]').count(), { timeout: 20_000 }).toBe(5);
    await shot('digest');
  });

  it('counts votes of two members, withdrawn and cast again, and /papers trending follows', async () => {
    const paper = messages().nth(1);
    const thumbs = paper.locator('.reaction[data-emoji="👍"]');
    const title = (await titles(paper))[0] ?? '';
    expect(await thumbs.locator('.count').textContent()).toBe('1');

    await thumbs.click();
    await expect.poll(() => thumbs.getAttribute('aria-pressed')).toBe('true');
    expect(await thumbs.locator('.count').textContent()).toBe('2');

    await actAs('grace');
    await expect.poll(() => thumbs.getAttribute('aria-pressed')).toBe('false');
    await thumbs.click();
    await expect.poll(() => thumbs.locator('.count').textContent()).toBe('3');
    expect(await thumbs.getAttribute('aria-pressed')).toBe('true');
    await shot('votes');

    await openChannel('general');
    await pickCommand('papers tr', '/papers trending');
    await send();
    const trending = lastMessage();
    expect((await titles(trending))[0]).toBe(title);
    expect(await trending.locator('.embed').first().textContent()).toContain('2 votes here');

    await openChannel('papers');
    await thumbs.click();
    await expect.poll(() => thumbs.locator('.count').textContent()).toBe('2');
    await openChannel('general');
    await pickCommand('papers tr', '/papers trending');
    await send();
    expect(await lastMessage().locator('.embed').first().textContent()).toContain('1 vote here');
    await actAs('ada');
  });

  it('jumps to tomorrow 09:00 and the next digest arrives', async () => {
    await page.getByRole('button', { name: 'Jump to tomorrow 09:00' }).click();
    await expect.poll(() => page.locator('#clock-now').textContent()).toContain('21 Aug 2026');
    await openChannel('papers');
    await expect
      .poll(() => page.locator('#messages').textContent(), { timeout: 20_000 })
      .toContain('Daily papers — Friday, 21 August 2026');
    await shot('sandbox');
  });

  it('loaded nothing from off the machine and logged no errors', () => {
    expect(offMachine).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
