# syntax=docker/dockerfile:1
# CarrierLink's production image: one executable that is both the web node and the admin CLI (docs/operations.md).
#   docker build -t carrierlink .
#   docker run --rm -p 8080:8080 --env-file carrierlink.env carrierlink              # a node
#   docker run --rm --env-file carrierlink.env carrierlink migrate                  # the migrations, once per release
# Note: not built in this repository's CI (no container registry is reachable there for the base images); CI runs the
# same `dotnet publish` as the build stage below.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
# The project files first, so the restore layer is reused until a dependency changes.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig CarrierLink.slnx ./
COPY src/CarrierLink.Carriers/CarrierLink.Carriers.csproj src/CarrierLink.Carriers/
COPY src/CarrierLink.Sandbox/CarrierLink.Sandbox.csproj src/CarrierLink.Sandbox/
COPY src/CarrierLink.Web/CarrierLink.Web.csproj src/CarrierLink.Web/
RUN dotnet restore src/CarrierLink.Web/CarrierLink.Web.csproj
COPY src/ src/
RUN dotnet publish src/CarrierLink.Web/CarrierLink.Web.csproj -c Release -o /app --no-restore -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# curl for the HEALTHCHECK only (the runtime image has neither curl nor wget).
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
# data/ (relative to /app) is where a single node keeps its SQLite file, key ring folder and mail pickup folder by
# default; mount a volume there, or use PostgreSQL with DataProtection:KeyStore=database and SMTP and write nothing.
RUN mkdir -p /app/data && chown "$APP_UID" /app/data
VOLUME ["/app/data"]

ENV ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_NOLOGO=1 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
EXPOSE 8080
# The image's non-root user (uid 1654), made by the .NET images for this.
USER $APP_UID

# Liveness only: /health/live answers while the process does (no dependency), so a database outage never restarts
# containers; load balancers and orchestrators send traffic by /health/ready (docs/operations.md, "Health").
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD curl --fail --silent --show-error http://127.0.0.1:8080/health/live || exit 1

ENTRYPOINT ["dotnet", "CarrierLink.Web.dll"]
