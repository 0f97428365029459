package dev.threshold.identity.sso.saml;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reads what we need from a SAML IdP's metadata ({@code EntityDescriptor}, or the first IdP of an
 * {@code EntitiesDescriptor}): entity id, the HTTP-Redirect single sign-on (and logout) service and
 * the signing certificates. Parsed only by {@link SamlXml} (no DTD, no entities).
 */
public final class IdpMetadata {

    static final String MD = "urn:oasis:names:tc:SAML:2.0:metadata";
    static final String DS = "http://www.w3.org/2000/09/xmldsig#";
    static final String PROTOCOL = "urn:oasis:names:tc:SAML:2.0:protocol";
    public static final String REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
    public static final int MAX_CERTIFICATES = 4;

    /** What an identity provider is, however it was registered. */
    public record Descriptor(String entityId, String ssoUrl, String sloUrl, List<X509Certificate> certificates) {
    }

    /** Metadata we cannot use; {@code reason} is safe to show the admin. */
    public static final class Unusable extends Exception {
        public Unusable(String reason) {
            super(reason, null, false, false);
        }
    }

    private IdpMetadata() {
    }

    public static Descriptor parse(String xml) throws Unusable {
        Document document;
        try {
            document = SamlXml.parse(xml);
        } catch (SamlXml.DtdForbidden e) {
            throw new Unusable("document type declarations are not accepted");
        } catch (SamlXml.Malformed e) {
            throw new Unusable("not well-formed XML");
        }
        Element idp = null;
        Element entity = null;
        for (Element candidate : descendants(document.getDocumentElement(), MD, "EntityDescriptor", true)) {
            for (Element descriptor : children(candidate, MD, "IDPSSODescriptor")) {
                String protocols = descriptor.getAttribute("protocolSupportEnumeration");
                if (protocols.contains(PROTOCOL)) {
                    idp = descriptor;
                    entity = candidate;
                    break;
                }
            }
            if (idp != null) {
                break;
            }
        }
        if (idp == null) {
            throw new Unusable("no SAML 2.0 IDPSSODescriptor");
        }
        String entityId = entity.getAttribute("entityID").trim();
        if (entityId.isEmpty()) {
            throw new Unusable("no entityID");
        }
        String sso = location(idp, "SingleSignOnService");
        if (sso == null) {
            throw new Unusable("no SingleSignOnService with the HTTP-Redirect binding");
        }
        String slo = location(idp, "SingleLogoutService");
        List<X509Certificate> certificates = new ArrayList<>();
        for (Element key : children(idp, MD, "KeyDescriptor")) {
            String use = key.getAttribute("use");
            if (!use.isEmpty() && !use.equals("signing")) {
                continue;
            }
            for (Element cert : descendants(key, DS, "X509Certificate", false)) {
                X509Certificate parsed;
                try {
                    parsed = Certificates.parse(cert.getTextContent());
                } catch (Certificates.Invalid e) {
                    throw new Unusable("a signing certificate is not an X.509 certificate");
                }
                if (!certificates.contains(parsed)) {
                    certificates.add(parsed);
                }
            }
        }
        if (certificates.isEmpty()) {
            throw new Unusable("no signing certificate");
        }
        if (certificates.size() > MAX_CERTIFICATES) {
            throw new Unusable("more than " + MAX_CERTIFICATES + " signing certificates");
        }
        return new Descriptor(entityId, sso, slo, List.copyOf(certificates));
    }

    private static String location(Element idp, String service) {
        for (Element endpoint : children(idp, MD, service)) {
            if (REDIRECT.equals(endpoint.getAttribute("Binding")) && !endpoint.getAttribute("Location").isBlank()) {
                return endpoint.getAttribute("Location").trim();
            }
        }
        return null;
    }

    private static List<Element> children(Element parent, String namespace, String name) {
        List<Element> found = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && namespace.equals(element.getNamespaceURI())
                    && name.equals(element.getLocalName())) {
                found.add(element);
            }
        }
        return found;
    }

    private static List<Element> descendants(Element root, String namespace, String name, boolean includeRoot) {
        List<Element> found = new ArrayList<>();
        if (includeRoot && namespace.equals(root.getNamespaceURI()) && name.equals(root.getLocalName())) {
            found.add(root);
        }
        var list = root.getElementsByTagNameNS(namespace, name);
        for (int i = 0; i < list.getLength(); i++) {
            found.add((Element) list.item(i));
        }
        return found;
    }
}
