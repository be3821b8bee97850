# Switchboard as a container: a Maven build stage, then a plain JRE. Build and run with docker compose
# (docker-compose.yml), or: docker build -t switchboard . && docker run -p 8080:8080 switchboard
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# Dependencies first, so a source change does not download them again.
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
# The jar carries application.properties, the YAML routes and the sample IVR menus too (see pom.xml).
COPY application.properties .
COPY routes routes
COPY ivr ivr
COPY src src
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jre
# Camel components to bake in for routes that name them (docker build --build-arg COMPONENTS=kafka,paho-mqtt5 .):
# fetched here, then the image runs with SWITCHBOARD_COMPONENTS_OFFLINE=true if you set it (no fetch at run time).
ARG COMPONENTS=""
RUN useradd --system --uid 10001 --home-dir /app switchboard \
 && mkdir -p /data /app/components && chown switchboard /data /app/components
WORKDIR /app
COPY --from=build /src/target/switchboard.jar /app/switchboard.jar
ENV SWITCHBOARD_COMPONENTS_DIR=/app/components
RUN if [ -n "$COMPONENTS" ]; then java -jar /app/switchboard.jar components fetch "$COMPONENTS" \
    && chown -R switchboard /app/components; fi
# Editable copies: mount your own over them (hot-reloaded) to add adapters or change menus.
COPY routes /app/routes
COPY ivr /app/ivr
# Class-data sharing (AppCDS): one start on the embedded defaults records the classes it loads into an archive that
# every later start maps instead of loading them again: ready in 3.7 s instead of 5.1 s (bench/README.md, issue 19).
# Camel stops itself after 20 s (CAMEL_MAIN_DURATIONMAXSECONDS); the JVM writes the archive as it exits (SIGTERM at
# 45 s: after Camel stops, an idle pool thread keeps the JVM up for another minute).
RUN CAMEL_MAIN_DURATIONMAXSECONDS=20 SWITCHBOARD_DATA_DIR=/tmp/cds-data SWITCHBOARD_ROUTES_RELOAD=false \
    timeout -s TERM 45 java -XX:ArchiveClassesAtExit=/app/switchboard.jsa -jar /app/switchboard.jar > /tmp/cds.log 2>&1; \
    test -s /app/switchboard.jsa || { tail -30 /tmp/cds.log; exit 1; }; rm -rf /tmp/cds-data /tmp/cds.log
USER switchboard
ENV SWITCHBOARD_DATA_DIR=/data
VOLUME /data
EXPOSE 8080
# Camel stops gracefully on SIGTERM (docker stop): keep stop_grace_period above camel.main.shutdownTimeout.
# -Xshare:auto (the default): a JVM that cannot map the archive starts without it.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:SharedArchiveFile=/app/switchboard.jsa", "-jar", "/app/switchboard.jar"]
