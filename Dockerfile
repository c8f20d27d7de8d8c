# The API and the worker share one image; ROLE picks what a container runs.
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
COPY sandbox ./sandbox
COPY migrations ./migrations
RUN npx nest build && npm prune --omit=dev --omit=optional

FROM node:24-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY templates ./templates
# The Stripe sandbox's state (docker-compose mounts a volume here; a new volume copies this owner).
RUN mkdir -p /app/.sandbox && chown node:node /app/.sandbox
USER node
EXPOSE 3000
CMD ["node", "dist/src/main.js"]
