# syntax=docker/dockerfile:1
# Tracktory: one Django monolith, served by gunicorn, static files by whitenoise.
# Build: docker build -t tracktory .
# Release step (once per deploy, not on every start): docker run --rm --env-file prod.env tracktory python manage.py migrate --noinput
ARG BASE=python:3.11-slim-bookworm

FROM ${BASE} AS builder
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /src
COPY pyproject.toml ./
COPY scripts/runtime_requirements.py ./
# Wheels for the runtime dependencies only; the app itself runs from /app as source.
RUN python runtime_requirements.py > requirements.txt \
    && python -m pip wheel --wheel-dir /wheels -r requirements.txt

FROM ${BASE} AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=tracktory.settings \
    DEBUG=0 \
    PORT=8080 \
    WEB_CONCURRENCY=2 \
    TRACKTORY_DATA_DIR=/data
WORKDIR /app
COPY --from=builder /wheels /wheels
RUN python -m pip install --no-index --find-links=/wheels /wheels/*.whl \
    && rm -rf /wheels \
    && groupadd --system --gid 10001 tracktory \
    && useradd --system --uid 10001 --gid tracktory --home-dir /app --shell /usr/sbin/nologin tracktory \
    && mkdir -p /data \
    && chown tracktory:tracktory /data
COPY manage.py gunicorn.conf.py ./
COPY tracktory ./tracktory
COPY inventory ./inventory
COPY households ./households
COPY media_pipeline ./media_pipeline
COPY templates ./templates
COPY static ./static
# collectstatic needs settings to import; these build-time values are never used at run time.
RUN SECRET_KEY=build-only-not-a-secret-build-only-not-a-secret \
    JWT_SECRET=build-only-not-a-secret-build-only-not-a-secret \
    ALLOWED_HOSTS=build TRACKTORY_DATA_DIR=/tmp/build-data \
    python manage.py collectstatic --noinput -v 0 \
    && rm -rf /tmp/build-data
USER 10001:10001
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s \
    CMD ["python", "-c", "import os,urllib.request; urllib.request.urlopen(f\"http://127.0.0.1:{os.environ.get('PORT','8080')}/health\", timeout=2)"]
CMD ["gunicorn", "tracktory.wsgi", "--config", "gunicorn.conf.py"]
