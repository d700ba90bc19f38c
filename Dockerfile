# The shop's image: one image, every process of deploy/Procfile (compose.yaml
# picks the command per service). Debian bookworm and Python 3.11, as CI.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/app/.venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=project.settings \
    HOST=0.0.0.0 \
    PORT=8000 \
    STATIC_ROOT=/app/var/static \
    MEDIA_ROOT=/app/var/media \
    PROMETHEUS_MULTIPROC_DIR=/tmp/prometheus

WORKDIR /app
COPY requirements.txt .
RUN python -m venv .venv && .venv/bin/pip install --no-cache-dir -r requirements.txt

COPY . .
# Static files are part of the image (nginx mounts them from a volume in compose).
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput -v0 \
    && useradd --system --home-dir /app shop \
    && mkdir -p var/media /tmp/prometheus \
    && chown -R shop var /tmp/prometheus
USER shop

EXPOSE 8000
# deploy/Procfile's web line.
CMD ["gunicorn", "--config", "deploy/gunicorn.conf.py"]
