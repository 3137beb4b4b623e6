package org.hallqms.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTPS identity from the two PEM files an IT person gets from any CA or from openssl: a certificate
 * chain and an unencrypted PKCS#8 private key. Read at start, so a wrong file stops the service with a message.
 */
public final class Pem {
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    private static final String CONVERT = "convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out key.pem";

    /** An in-memory key store holding the key under alias "hall", with the password {@link #PASSWORD}. */
    public record Identity(KeyStore keyStore, X509Certificate certificate) {
        public static final String PASSWORD = "hall";
    }

    private Pem() {
    }

    public static Identity identity(Path certFile, Path keyFile) {
        Certificate[] chain = chain(certFile);
        PrivateKey key = key(keyFile);
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("hall", key, Identity.PASSWORD.toCharArray(), chain);
            return new Identity(ks, (X509Certificate) chain[0]);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("QMS_TLS_KEY: '" + keyFile + "' does not match the certificate in '"
                    + certFile + "': " + e.getMessage());
        }
    }

    private static Certificate[] chain(Path file) {
        byte[] bytes = read("QMS_TLS_CERT", file);
        try {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(bytes));
            if (certs.isEmpty()) {
                throw new IllegalArgumentException("QMS_TLS_CERT: '" + file + "' holds no certificate");
            }
            return certs.toArray(new Certificate[0]);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("QMS_TLS_CERT: '" + file + "' is not a PEM certificate ("
                    + e.getMessage() + ")");
        }
    }

    private static PrivateKey key(Path file) {
        String text = new String(read("QMS_TLS_KEY", file), StandardCharsets.US_ASCII);
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String kind = m.group(1);
            switch (kind) {
                case "PRIVATE KEY" -> {
                    byte[] der = Base64.getMimeDecoder().decode(m.group(2));
                    for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
                        try {
                            return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
                        } catch (GeneralSecurityException e) {
                            // try the next algorithm
                        }
                    }
                    throw new IllegalArgumentException("QMS_TLS_KEY: '" + file + "' holds a key that is not RSA, EC "
                            + "or Ed25519");
                }
                case "ENCRYPTED PRIVATE KEY" -> throw new IllegalArgumentException("QMS_TLS_KEY: '" + file
                        + "' is encrypted; the service starts unattended, so give it an unencrypted key readable only "
                        + "by its user (chmod 600): openssl pkcs8 -topk8 -nocrypt -in KEY -out key.pem");
                case "RSA PRIVATE KEY", "EC PRIVATE KEY" -> throw new IllegalArgumentException("QMS_TLS_KEY: '"
                        + file + "' is a " + kind + " (PKCS#1/SEC1); " + CONVERT);
                default -> {
                    // e.g. EC PARAMETERS before the key: skip
                }
            }
        }
        throw new IllegalArgumentException("QMS_TLS_KEY: '" + file + "' holds no '-----BEGIN PRIVATE KEY-----' block");
    }

    private static byte[] read(String key, Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(key + ": cannot read '" + file + "' (" + e.getMessage() + ")");
        }
    }
}
