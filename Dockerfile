# kubetalk controller image: the esbuild bundle and the Node binary on a shell-less base, nothing else.
# Built and run in this repository's CI (.ci/run → scripts/image/build-image.sh, test/e2e/image/); pushed
# multi-arch on a tag by .github/workflows/release.yml. Both images are build arguments:
#   BUILD_IMAGE    any image with node 24, npm and sh. Release: the official node image. CI: a Debian root file
#                  system made with mmdebstrap plus the official Node 24 binary (no registry pulls there).
#   RUNTIME_IMAGE  glibc + libstdc++ and nothing to run: no shell, no package manager. Release: distroless
#                  cc-debian12. CI: `mmdebstrap --variant=extract` of libc6, libgcc-s1, libstdc++6.
#   NPM_REGISTRY   where `npm ci` downloads packages, e.g. https://registry.npmmirror.com/ from mainland networks.
#                  The lockfile's registry.npmjs.org URLs are rewritten to it (npm's replace-registry-host), and
#                  the lockfile's integrity hashes still decide what is installed.
# From mainland networks, point BUILD_IMAGE/RUNTIME_IMAGE at a mirror you can reach (README "Build the image").
ARG BUILD_IMAGE=docker.io/library/node:24-bookworm-slim
ARG RUNTIME_IMAGE=gcr.io/distroless/cc-debian12:nonroot

FROM ${BUILD_IMAGE} AS build
ARG NPM_REGISTRY=https://registry.npmjs.org/
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error --registry="${NPM_REGISTRY}"
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/bundle.ts ./scripts/
COPY src ./src
# The CRDs are embedded in the bundle: offline validation reads them (src/api/crd).
COPY crds ./crds
# The bundle only: type-checking and the unbundled build are CI's job, not the image's.
RUN npm run bundle \
 && mkdir -p /out/app \
 && cp -r dist/main.js dist/main.js.map dist/cli dist/chunks dist/package.json /out/app/ \
 && cp "$(command -v node)" /out/node

FROM ${RUNTIME_IMAGE}
COPY --from=build /out/node /usr/local/bin/node
COPY --from=build /out/app /app
WORKDIR /app
ENV NODE_ENV=production
# scripts/image/runtime-flags.ts says why; the e2e suite and the benchmarks start the controller the same way.
ENV MALLOC_ARENA_MAX=2
# A fixed numeric user, so Kubernetes can verify runAsNonRoot without reading /etc/passwd. The process writes
# nothing to disk, so the root file system can be (and in the chart and CI is) read-only.
USER 10001:10001
EXPOSE 8080 9090
# Node runs as PID 1 and handles SIGTERM itself (graceful drain in src/cli/run-controller.ts); exec form, no
# shell. The source maps ship beside the bundle but are off: the first stack trace formatted with
# --enable-source-maps parses the 3 MB map and keeps it, +59 MiB RSS for the life of the process. To have stack
# traces name src/ files while debugging, set NODE_OPTIONS=--enable-source-maps on the container.
ENTRYPOINT ["/usr/local/bin/node", "--max-semi-space-size=1", "--heap-growing-percent=50", "/app/cli/main.js"]
CMD ["run"]
