package dev.threshold.identity.sso.saml;

import java.io.IOException;
import java.io.StringReader;
import java.util.Locale;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * XML from an identity provider (metadata, responses) is read only by a parser that refuses any
 * document type declaration: no DTD, no entity (internal or external), no XInclude, no external
 * schema or stylesheet. java-saml hardens its own parser too; this one runs first, so a DOCTYPE is
 * refused with its own error code before the library sees the document.
 */
public final class SamlXml {

    /** The document declares a DTD or entities (XXE, billion laughs). */
    public static final class DtdForbidden extends Exception {
        DtdForbidden() {
            super("document type declarations are not accepted", null, false, false);
        }
    }

    /** Not well-formed XML, or not what was expected. */
    public static final class Malformed extends Exception {
        Malformed(String why) {
            super(why, null, false, false);
        }
    }

    private SamlXml() {
    }

    public static Document parse(String xml) throws DtdForbidden, Malformed {
        String head = xml.toUpperCase(Locale.ROOT);
        if (head.contains("<!DOCTYPE") || head.contains("<!ENTITY")) {
            throw new DtdForbidden();
        }
        try {
            DocumentBuilder builder = factory().newDocumentBuilder();
            builder.setErrorHandler(new DefaultHandler());
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entity " + systemId);
            });
            return builder.parse(new InputSource(new StringReader(xml)));
        } catch (SAXException e) {
            if (e.getMessage() != null && e.getMessage().contains("DOCTYPE")) {
                throw new DtdForbidden();
            }
            throw new Malformed("not well-formed XML");
        } catch (IOException | ParserConfigurationException e) {
            throw new Malformed("not readable");
        }
    }

    private static DocumentBuilderFactory factory() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        return factory;
    }
}
