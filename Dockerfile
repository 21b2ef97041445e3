# Paperboy: the same `npm start` as everywhere else, in a container.
#   docker build -t paperboy .
#   docker run -d --init --name paperboy --env-file .env -v paperboy-data:/app/data paperboy
# With METRICS_PORT set, also pass -e METRICS_HOST=0.0.0.0 -p 127.0.0.1:9464:9464 to reach
# /healthz and /metrics from the host (inside the container, loopback is the container's own).

# --- build: production dependencies, sqlite3 compiled from source against this image's libc ---
FROM node:20-bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# prebuild-install reads this: sqlite3 is built with node-gyp, no binary fetched from GitHub.
ENV npm_config_build_from_source=sqlite3
COPY package.json package-lock.json ./
# tsx (npm start) is a production dependency; the dev tools (vitest, biome, tsc) are not needed.
RUN npm ci --omit=dev && npm cache clean --force

# --- runtime: no compilers, a non-root user, the store on a volume ---
FROM node:20-bookworm-slim
# Charts (/papers trending) render their text with DejaVu Sans.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    STORE_URL=sqlite://data/paperboy.sqlite
WORKDIR /app
# The code and dependencies stay root's (readable, not writable, by the bot); tsx caches in /tmp.
COPY --from=build /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json ./
COPY src ./src
COPY commands ./commands
COPY assets ./assets
RUN mkdir -p /app/data && chown node:node /app/data
# The image's unprivileged `node` user (uid 1000): owns /app/data, nothing else writable.
USER node
VOLUME /app/data
# Healthy when /healthz says so; without METRICS_PORT there is nothing to ask, so it passes.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e "const p=process.env.METRICS_PORT;if(!p)process.exit(0);fetch('http://127.0.0.1:'+p+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["npm", "start"]
