# syntax=docker/dockerfile:1
# Build: docker build -t newsgraph .   Run: docker run -p 8000:8000 -v newsgraph:/data newsgraph
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
COPY pyproject.toml requirements.lock README.md ./
COPY app ./app
# The same pinned set `make install` uses; the spaCy model is a pinned dependency, so it is
# installed here, at build time, and never downloaded at run time.
RUN pip install --constraint requirements.lock . \
    && newsgraph build-gazetteer

FROM python:3.11-slim
RUN useradd --create-home --uid 10001 newsgraph \
    && mkdir /data \
    && chown newsgraph /data
COPY --from=build /opt/venv /opt/venv
WORKDIR /srv/newsgraph
COPY alembic.ini ./
COPY migrations ./migrations
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    NEWSGRAPH_DATABASE_URL=sqlite:////data/newsgraph.db
USER 10001
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4).status != 200)"]
# Migrations, then the server: the same commands `make run` uses.
CMD ["sh", "-c", "python -m alembic upgrade head && exec newsgraph serve --host 0.0.0.0 --port 8000"]
