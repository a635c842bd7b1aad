# One image for the app (API and subscription pages), the workers of every queue and beat.
# axe-core comes from the lock file, built in a Node stage; no browser is downloaded (Debian's Chromium).
FROM node:20-bookworm-slim AS axe
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error

FROM python:3.11-slim-bookworm
RUN apt-get update \
 && apt-get install -y --no-install-recommends espeak-ng ffmpeg chromium fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY publisher ./publisher
COPY workers ./workers
COPY templates ./templates
RUN pip install --no-cache-dir .
COPY --from=axe /build/node_modules ./node_modules
# The folders the compose file mounts volumes on: a new named volume takes the owner of the folder
# it is mounted on, so the image's user can write the site, the staging area and beat's schedule.
RUN useradd --create-home --uid 1000 publisher \
 && mkdir -p /srv/public /srv/public.internal /srv/staging /srv/state /srv/delivery-journal \
 && chown publisher:publisher /srv/public /srv/public.internal /srv/staging /srv/state /srv/delivery-journal \
 && chmod 0700 /srv/public.internal
USER publisher
ENV PUBLISHER_STAGING_DIR=/srv/staging PUBLISHER_API__OUT_DIR=/srv/public PUBLISHER_API__HOST=0.0.0.0
EXPOSE 8001
CMD ["publisher", "serve"]
