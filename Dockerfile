# syntax=docker/dockerfile:1
# conduit-api: multi-stage build on Node.js 24; the runtime image holds dist/ and production
# dependencies only, runs as the unprivileged `node` user, with tini as PID 1.
ARG NODE_IMAGE=node:24-bookworm-slim

# --- build: all dependencies, compile src/ and migrations/ into dist/ -----------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY nest-cli.json tsconfig.json tsconfig.build.json tsconfig.migrations.json ./
COPY src ./src
COPY migrations ./migrations
RUN npm run build

# --- production dependencies only ------------------------------------------------------------
FROM ${NODE_IMAGE} AS production-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# --- runtime ------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
# tini forwards signals to node and reaps zombies; node then drains on SIGTERM (see graceful-shutdown.ts).
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/*
# Memory (README, "Memory"; the same settings as `npm run start:prod`): V8's young generation at
# 2 x 16 MiB instead of Node 24's 2 x 64 MiB and the heap capped, so that the old generation is
# collected before it swells (after the bench's load: ~230 MB resident instead of ~490); malloc
# maps blocks of 4 MiB and more on their own, on huge pages, so that argon2's 19 MiB per hash goes
# back to the system after each login instead of staying in each libuv thread's arena.
# Kubernetes replaces NODE_OPTIONS per container (deploy/k8s): keep both flags there.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    NODE_OPTIONS="--max-semi-space-size=16 --max-old-space-size=512" \
    GLIBC_TUNABLES=glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=4194304
WORKDIR /app
COPY --from=production-deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json ./
USER node
EXPOSE 3000
ENTRYPOINT ["/usr/bin/tini", "--"]
# One image, three processes: the API (default), the worker (`node dist/worker.js`, probes and
# metrics on WORKER_HEALTH_PORT) and the CLI (`node dist/cli.js <command>`).
# Migrations are their own step: `node node_modules/typeorm/cli.js migration:run -d dist/infrastructure/database/data-source.js`
CMD ["node", "dist/main.js"]
