package dev.threshold.common.problem;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * quarkus-oidc's {@code io.quarkus.oidc.OIDCException} without quarkus-oidc on common's classpath
 * (common knows it by name only): a class of that name compiled for the test, in a loader of its own.
 */
final class QuarkusOidcFailure {

    private QuarkusOidcFailure() {
    }

    static RuntimeException create(String message) throws Exception {
        Path dir = Files.createTempDirectory("oidc-exception");
        Path source = dir.resolve("io/quarkus/oidc/OIDCException.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "package io.quarkus.oidc;\n"
                + "public class OIDCException extends RuntimeException {\n"
                + "    public OIDCException(String message) { super(message); }\n"
                + "}\n");
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler.run(null, null, null, "-d", dir.toString(), source.toString()) != 0) {
            throw new IllegalStateException("could not compile the stand-in OIDCException");
        }
        ClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, QuarkusOidcFailure.class.getClassLoader());
        return (RuntimeException) loader.loadClass("io.quarkus.oidc.OIDCException").getConstructor(String.class)
                .newInstance(message);
    }
}
