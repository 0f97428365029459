package dev.threshold.identity.sso.saml;

import com.onelogin.saml2.util.SchemaFactory;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URL;
import javax.xml.XMLConstants;
import javax.xml.transform.Source;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.Validator;
import org.w3c.dom.Document;
import org.w3c.dom.bootstrap.DOMImplementationRegistry;
import org.w3c.dom.ls.DOMImplementationLS;
import org.w3c.dom.ls.LSInput;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The schema check of a SAML response: the SAML 2.0 protocol schema java-saml ships (with its
 * assertion, XML-DSig and XML Encryption 1.0 schemas), plus W3C's XML Encryption 1.1 schema
 * ({@code saml/xenc-schema-11.xsd}). java-saml's own check knows XML Encryption 1.0 only, whose
 * {@code EncryptionMethod} admits foreign elements strictly; so the RSA-OAEP key transport with an
 * {@code xenc11:MGF} element that Keycloak (and other current IdPs) use for encrypted assertions
 * failed it, and every encrypted assertion of theirs was refused. The schemas are read from the
 * classpath once; a response's own {@code schemaLocation} hints are not followed.
 */
final class SamlSchema {

    /** The resource type of a DTD, as a schema reader asks its resolver for one. */
    private static final String XML_DTD = "http://www.w3.org/TR/REC-xml";
    /** Errors refuse (a schema that would not load, a response that is not valid), warnings do not. */
    private static final ErrorHandler STRICT = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
            // a warning is no reason to refuse
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };
    private static final Schema SCHEMA = load();

    private SamlSchema() {
    }

    /** Whether the response is valid by the schemas. */
    static boolean valid(Document response) {
        Validator validator = SCHEMA.newValidator();
        try {
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            validator.setErrorHandler(STRICT);
            validator.validate(new DOMSource(response));
            return true;
        } catch (SAXException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * java-saml's protocol schema first (it brings XML-DSig and XML Encryption 1.0), then 1.1 on top.
     * W3C's XML Encryption 1.0 schema names W3C's DTD for schema documents, which only a DTD-validating
     * reader needs: it is read as empty, never fetched (Java 22+ resolve it from their own catalog; on
     * Java 17 the reader would go to www.w3.org, and where it cannot, it skips XML Encryption).
     */
    private static Schema load() {
        URL xenc11 = SamlSchema.class.getResource("/saml/xenc-schema-11.xsd");
        try {
            javax.xml.validation.SchemaFactory factory =
                    javax.xml.validation.SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            DOMImplementationLS ls = (DOMImplementationLS) DOMImplementationRegistry.newInstance().getDOMImplementation("LS");
            factory.setResourceResolver((type, namespace, publicId, systemId, baseUri) -> {
                if (!XML_DTD.equals(type)) {
                    return null;
                }
                LSInput empty = ls.createLSInput();
                empty.setPublicId(publicId);
                empty.setSystemId(systemId);
                empty.setBaseURI(baseUri);
                empty.setCharacterStream(new StringReader(""));
                return empty;
            });
            factory.setErrorHandler(STRICT);
            return factory.newSchema(new Source[] {
                    new StreamSource(SchemaFactory.SAML_SCHEMA_PROTOCOL_2_0.toExternalForm()),
                    new StreamSource(xenc11.toExternalForm())});
        } catch (SAXException | ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load the SAML schemas", e);
        }
    }
}
