// ESM resolve hook (registered by lib/shims.mjs): lets relative imports without an extension,
// and directory imports, resolve the way a bundler would: "x" -> "x.js", else "x/index.js".
// Only relative specifiers that Node itself fails to resolve are retried.
export async function resolve(specifier, context, nextResolve) {
    try {
        return await nextResolve(specifier, context);
    } catch (error) {
        const relative = specifier.startsWith("./") || specifier.startsWith("../");
        const retryable = error?.code === "ERR_MODULE_NOT_FOUND" || error?.code === "ERR_UNSUPPORTED_DIR_IMPORT";
        if (!relative || !retryable) {
            throw error;
        }
        for (const candidate of [`${specifier}.js`, `${specifier}/index.js`]) {
            try {
                return await nextResolve(candidate, context);
            } catch {
                // try the next form
            }
        }
        throw error;
    }
}
