# Countline's runnable jar in a container: every role is one command of it
# (`docker run countline streams|gateway|control-room|operation ...`, see `--help`).
# docker-compose.yml builds this image for the streams, gateway and control-room services.
#
# Stage 1 builds the shaded jar from this repository with Maven (tests are run by CI, not here);
# stage 2 is a JRE with the jar and nothing else of the build. Base images are pinned to a release;
# pin them by digest too (image@sha256:...) where reproducibility matters more than patches.

FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# Only the app module and the modules it needs (the benchmarks' heavier dependencies stay out).
RUN mvn -B -DskipTests -pl app -am package

FROM eclipse-temurin:17.0.13_11-jre-noble
LABEL org.opencontainers.image.title="Countline" \
      org.opencontainers.image.description="Live totals for police weeks of action, on Apache Kafka"

RUN groupadd --system countline \
 && useradd --system --gid countline --home-dir /var/lib/countline --shell /usr/sbin/nologin countline \
 && mkdir -p /opt/countline /var/lib/countline/streams \
 && chown -R countline:countline /var/lib/countline

COPY --from=build /src/app/target/countline.jar /opt/countline/countline.jar
COPY deploy/countline/entrypoint.sh /opt/countline/entrypoint.sh

USER countline
# A volume mounted on /var/lib/countline/streams (the streams state directory in
# docker-compose.yml) starts with this ownership, so the role can write its RocksDB state there.
WORKDIR /var/lib/countline
# The heap follows the container's memory limit; override with COUNTLINE_JAVA_OPTS.
ENV COUNTLINE_JAVA_OPTS="-XX:MaxRAMPercentage=75"
# control room, schema registry (`countline registry`), gateway
EXPOSE 8080 8081 8082
ENTRYPOINT ["bash", "/opt/countline/entrypoint.sh"]
CMD ["--help"]
