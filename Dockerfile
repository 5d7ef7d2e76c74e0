# The Telegram bot: `docker build -t wvdb-bot .` then
#   docker run --env-file .env -v wvdb-data:/data wvdb-bot
# Builds from the repository alone (pyproject.toml, bot/, knowledge/).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Dependencies first (their own layer, rebuilt only when pyproject.toml changes). The project
# itself runs from /app, where the knowledge base sits next to the code (bot/knowledge/loader.py
# looks for ../../knowledge), so it is not pip-installed.
COPY pyproject.toml ./
RUN python -c "import tomllib; deps = tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']; print('\n'.join(deps))" > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY bot ./bot
COPY knowledge ./knowledge

# A non-root user; everything the bot stores (SQLite database) goes to the /data volume.
RUN useradd --system --uid 10001 --user-group --no-create-home --home-dir /app \
        --shell /usr/sbin/nologin wvdb \
    && mkdir -p /data \
    && chown wvdb:wvdb /data
ENV BOT_DATA_DIR=/data \
    LOG_LEVEL=INFO
VOLUME ["/data"]
USER wvdb

# Only used in webhook mode (WEBHOOK_URL set; WEBHOOK_PORT defaults to 8443).
EXPOSE 8443

ENTRYPOINT ["python", "-m", "bot"]
CMD ["run"]
