# Shared by the real-peer check scripts (src/test/consumers/run.sh, src/test/peers/run.sh): what
# they install on a fresh Debian machine, the CLI jar they run, and how they dump a fixture.
# Sourced, not run. The caller defines log() (its own prefix) and ROOT (the repository).

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=false
apt_install() {
    if ! $apt_updated; then
        log "apt-get update"
        as_root apt-get update -qq
        apt_updated=true
    fi
    log "apt-get install $*"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# install_missing PACKAGE… : the packages given, plus nodejs/npm when absent; then checks Node 20+.
install_missing() {
    local missing=("$@")
    command -v node >/dev/null || missing+=(nodejs)
    command -v npm >/dev/null || missing+=(npm)
    if [ ${#missing[@]} -gt 0 ]; then
        apt_install "${missing[@]}"
    fi
    local node_major
    node_major=$(node -p 'process.versions.node.split(".")[0]')
    if [ "$node_major" -lt 20 ]; then
        log "Node.js $(node --version) is too old: 20 or newer is needed (module.register, fetch)"
        exit 1
    fi
}

# npm_ci_locked DIR: the npm packages of DIR exactly as locked; reinstalled only when the lock changed.
npm_ci_locked() {
    if ! cmp -s "$1/package-lock.json" "$1/node_modules/.moq-mux-lock" 2>/dev/null; then
        log "npm ci"
        (cd "$1" && npm ci --no-audit --no-fund --loglevel=error >&2 && cp package-lock.json node_modules/.moq-mux-lock)
    fi
}

# cli_jar: sets JAR, building target/moq-mux-cli.jar when it is missing or older than the sources
# (mvn test does not repackage it).
cli_jar() {
    JAR="$ROOT/target/moq-mux-cli.jar"
    if [ ! -f "$JAR" ] || [ -n "$(find "$ROOT/pom.xml" "$ROOT/src/main" -newer "$JAR" -print -quit)" ]; then
        log "building $(basename "$JAR")"
        (cd "$ROOT" && mvn -q -B -ntp -DskipTests package)
    fi
}

# dump FILE: `dump`s the fixture FILE in both containers into $WORK/<name>/{legacy,cmaf}; a failed
# dump leaves its error in $WORK/<name>/<container>.err for the checker to report. Exported, so
# `xargs … bash -c 'dump …'` runs it two JVMs at a time (with JAR and WORK exported too).
dump() {
    local file="$1" name container flag
    name="$(basename "$file" .mp4)"
    for container in legacy cmaf; do
        flag=""
        [ "$container" = cmaf ] && flag="--passthrough"
        mkdir -p "$WORK/$name"
        if ! java -jar "$JAR" dump $flag "$file" "$WORK/$name/$container" >/dev/null 2>"$WORK/$name/$container.err"; then
            echo "exit $?: $(tr '\n' ' ' <"$WORK/$name/$container.err")" >"$WORK/$name/$container.err"
        else
            rm -f "$WORK/$name/$container.err"
        fi
    done
}
export -f dump
