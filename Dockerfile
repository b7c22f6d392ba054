# kubetalk controller image. Multi-stage: compile with dev dependencies, ship production dependencies only.
# Not built in this repository's CI (its machines have no container engine); see the README.
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY package.json ./
COPY crds ./crds
# A fixed numeric user, so Kubernetes can verify runAsNonRoot without reading /etc/passwd.
USER 10001:10001
EXPOSE 8080 9090
# Node runs as PID 1 and handles SIGTERM itself (graceful drain in src/cli/run-controller.ts); exec form, no shell.
ENTRYPOINT ["node", "dist/cli/main.js"]
CMD ["run"]
