# Container image for those who deploy with containers. Base images and packages come only
# from the public registries. Build: docker build -t council-vcs-toolkit .
# Not built in CI here (no container engine on the CI machines); see docs/deployment.md.

FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend ./frontend
RUN npm run build

FROM python:3.13-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=config.settings.production
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 toolkit
WORKDIR /app
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
COPY --from=assets /app/build ./build
# collectstatic needs settings to import; these placeholder values are not used at run time.
RUN SECRET_KEY=build-only ALLOWED_HOSTS=localhost DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    SITE_URL=http://localhost STATIC_ROOT=/app/staticfiles python manage.py collectstatic --no-input -v 0
USER toolkit
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--workers", "4", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
