package io.halkyon.plugin.host.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Builds .tar.gz archives for the tests, including malicious ones. */
final class Tarballs {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar;

    Tarballs() throws IOException {
        tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes));
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    }

    Tarballs dir(String name) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
        e.setMode(0755);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
        return this;
    }

    Tarballs file(String name, String content, int mode) throws IOException {
        return file(new TarArchiveEntry(name, true), content, mode);
    }

    /** A file entry with the modification time {@code modified}. */
    Tarballs file(String name, String content, int mode, java.time.Instant modified) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setModTime(java.nio.file.attribute.FileTime.from(modified));
        return file(e, content, mode);
    }

    private Tarballs file(TarArchiveEntry e, String content, int mode) throws IOException {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        e.setSize(data.length);
        e.setMode(mode);
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
        return this;
    }

    /** A global PAX header holding {@code records}. */
    Tarballs globalPax(Map<String, String> records) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry("pax_global_header", TarConstants.LF_PAX_GLOBAL_EXTENDED_HEADER);
        records.forEach(e::addPaxHeader);
        tar.putArchiveEntry(e); // writes the whole header: there is no entry to close
        return this;
    }

    /** An entry of any tar type with {@code data} as its content, written as it is. */
    Tarballs raw(String name, byte type, byte[] data) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, type);
        e.setSize(data.length);
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
        return this;
    }

    /** The content of a PAX header holding {@code records} ({@code "<length> key=value\n"} each). */
    static byte[] pax(Map<String, String> records) {
        StringBuilder out = new StringBuilder();
        records.forEach((k, v) -> {
            String rest = " " + k + "=" + v + "\n";
            int length = rest.getBytes(StandardCharsets.UTF_8).length;
            int digits = String.valueOf(length).length();
            while (String.valueOf(length + digits).length() != digits) {
                digits++;
            }
            out.append(length + digits).append(rest);
        });
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A 512-byte GNU tar header made by hand, its checksum set; {@code edit} may set more before. */
    static byte[] header(String name, char type, long size, java.util.function.Consumer<byte[]> edit) {
        byte[] h = new byte[512];
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(n, 0, h, 0, Math.min(n.length, 100));
        octal(h, 100, 8, 0755);
        octal(h, 124, 12, size);
        octal(h, 136, 12, 0);
        h[156] = (byte) type;
        System.arraycopy("ustar  \u0000".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 8); // GNU
        edit.accept(h);
        java.util.Arrays.fill(h, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        octal(h, 148, 7, sum);
        return h;
    }

    private static void octal(byte[] h, int offset, int length, long value) {
        String digits = String.format("%0" + (length - 1) + "o", value);
        System.arraycopy(digits.getBytes(StandardCharsets.US_ASCII), 0, h, offset, length - 1);
        h[offset + length - 1] = 0;
    }

    /** Raw 512-byte blocks, ended by the two zero blocks of a tar, gzipped. */
    static byte[] gzipBlocks(List<byte[]> blocks) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GzipCompressorOutputStream gz = new GzipCompressorOutputStream(out)) {
            for (byte[] b : blocks) {
                gz.write(b);
            }
            gz.write(new byte[1024]);
        }
        return out.toByteArray();
    }

    Tarballs symlink(String name, String target) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
        e.setLinkName(target);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
        return this;
    }

    Tarballs hardlink(String name, String target) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_LINK);
        e.setLinkName(target);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
        return this;
    }

    byte[] build() throws IOException {
        tar.finish();
        tar.close();
        return bytes.toByteArray();
    }

    static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
