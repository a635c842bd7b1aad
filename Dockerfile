# One image for the CLI and the Celery worker.
FROM python:3.11-slim-bookworm
RUN apt-get update \
 && apt-get install -y --no-install-recommends espeak-ng ffmpeg \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY publisher ./publisher
COPY workers ./workers
COPY templates ./templates
RUN pip install --no-cache-dir .
RUN useradd --create-home publisher
USER publisher
CMD ["publisher", "worker", "--concurrency=2"]
