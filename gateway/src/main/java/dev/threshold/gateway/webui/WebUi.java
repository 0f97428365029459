package dev.threshold.gateway.webui;

import org.jboss.logging.Logger;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;

/**
 * The built web app, read once from the classpath ({@code webui/}, written there by the Maven build's
 * {@code npm run build}) and kept in memory with a gzip copy: a few hundred kilobytes, so no file is read on the
 * event loop. {@code webui/files.txt} (written by the build) lists every file.
 */
public final class WebUi {

    private static final Logger LOG = Logger.getLogger(WebUi.class);
    private static final String ROOT = "webui/";

    /** One file ready to send. */
    public record Asset(String contentType, byte[] body, byte[] gzip, boolean immutable) {
    }

    private final Map<String, Asset> files;

    private WebUi(Map<String, Asset> files) {
        this.files = files;
    }

    public static WebUi load(ClassLoader loader) {
        Map<String, Asset> files = new ConcurrentHashMap<>();
        byte[] list = read(loader, ROOT + "files.txt");
        if (list == null) {
            LOG.warn("webui/files.txt is not on the classpath: the web app was not built (npm run build); "
                    + "its paths answer 404");
            return new WebUi(Map.of());
        }
        for (String name : new String(list, StandardCharsets.UTF_8).split("\n")) {
            name = name.strip();
            if (name.isEmpty() || name.contains("..")) {
                continue;
            }
            byte[] body = read(loader, ROOT + name);
            if (body == null) {
                LOG.warnf("webui/%s is listed in files.txt but missing", name);
                continue;
            }
            String type = contentType(name);
            byte[] gzip = compressible(type) && body.length > 256 ? gzip(body) : null;
            files.put("/" + name, new Asset(type, body, gzip, name.startsWith("assets/")));
        }
        LOG.debugf("web app: %d files", files.size());
        return new WebUi(Map.copyOf(files));
    }

    public boolean built() {
        return files.containsKey("/index.html");
    }

    public Optional<Asset> index() {
        return file("/index.html");
    }

    public Optional<Asset> file(String path) {
        return Optional.ofNullable(files.get(path));
    }

    static String contentType(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".html")) {
            return "text/html; charset=utf-8";
        } else if (lower.endsWith(".js") || lower.endsWith(".mjs")) {
            return "text/javascript; charset=utf-8";
        } else if (lower.endsWith(".css")) {
            return "text/css; charset=utf-8";
        } else if (lower.endsWith(".svg")) {
            return "image/svg+xml";
        } else if (lower.endsWith(".png")) {
            return "image/png";
        } else if (lower.endsWith(".ico")) {
            return "image/x-icon";
        } else if (lower.endsWith(".woff2")) {
            return "font/woff2";
        } else if (lower.endsWith(".json") || lower.endsWith(".webmanifest")) {
            return "application/json";
        } else if (lower.endsWith(".txt")) {
            return "text/plain; charset=utf-8";
        }
        return "application/octet-stream";
    }

    private static boolean compressible(String type) {
        return type.startsWith("text/") || type.startsWith("image/svg") || type.startsWith("application/json");
    }

    private static byte[] read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 3);
        try (GZIPOutputStream gz = new GZIPOutputStream(out) {
            {
                def.setLevel(java.util.zip.Deflater.BEST_COMPRESSION);
            }
        }) {
            gz.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
