# The Telegram bot: `docker build -t wvdb-bot .` then, with .env filled in (see README),
#   docker run --env-file .env -v wvdb-data:/data wvdb-bot
# Builds from the repository alone (requirements.lock, bot/, knowledge/).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Dependencies first, from the hashed lock file (the versions CI tested), in their own layer.
# The project itself runs from /app, where the knowledge base sits next to the code, so it is
# not pip-installed.
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock

COPY bot ./bot
COPY knowledge ./knowledge

# A non-root user that cannot write /app; everything the bot stores goes to the /data volume.
RUN useradd --system --uid 10001 --user-group --no-create-home --home-dir /app \
        --shell /usr/sbin/nologin wvdb \
    && mkdir -p /data \
    && chown wvdb:wvdb /data
ENV BOT_DATA_DIR=/data \
    LOG_LEVEL=INFO
VOLUME ["/data"]
USER 10001:10001

# Only used in webhook mode (WEBHOOK_URL set; WEBHOOK_PORT defaults to 8443).
EXPOSE 8443

# Healthy while the running bot keeps its heartbeat in /data fresh (polling and webhook mode).
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["python", "-m", "bot", "health"]

ENTRYPOINT ["python", "-m", "bot"]
CMD ["run"]
