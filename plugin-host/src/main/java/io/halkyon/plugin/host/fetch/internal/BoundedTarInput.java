package io.halkyon.plugin.host.fetch.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * commons-compress's tar reader, bounded where it would otherwise keep whatever the archive
 * says in memory before an entry is even handed out: the extended headers (PAX records, GNU
 * long names) it reads whole and chains recursively, the GNU sparse maps it builds, and the
 * header records it reads for one entry. Past a bound the archive is refused with a
 * {@link Refused} saying which.
 */
final class BoundedTarInput extends TarArchiveInputStream {

    /** The archive passed a bound; the message says which ("it holds ..."). */
    static final class Refused extends IOException {
        Refused(String message) {
            super(message);
        }
    }

    /** Largest extended header (one PAX header or GNU long name), in bytes. */
    static final int MAX_EXTENDED_HEADER = 64 * 1024;
    /** All extended headers of one archive together (global PAX headers accumulate), in bytes. */
    static final int MAX_EXTENDED_TOTAL = 1024 * 1024;
    /** Extended headers in a row before one entry. */
    static final int MAX_EXTENDED_IN_A_ROW = 8;
    /** 512-byte header records read for one entry (its header, extended headers, sparse extensions). */
    static final int MAX_RECORDS_PER_ENTRY = 32;

    private final ByteArrayOutputStream extended = new ByteArrayOutputStream();
    private long extendedTotal;
    private int depth;
    private int records;

    BoundedTarInput(InputStream in) {
        super(in);
    }

    @Override
    public TarArchiveEntry getNextEntry() throws IOException {
        // Called again from inside for each extended header; what that header held was read by now.
        if (extended.size() > 0 && extended.toString(StandardCharsets.UTF_8).contains("GNU.sparse.")) {
            throw new Refused("it holds a sparse file (GNU.sparse PAX headers); sparse files are not accepted");
        }
        extended.reset();
        if (depth == 0) {
            records = 0;
        } else if (depth >= MAX_EXTENDED_IN_A_ROW) {
            throw new Refused("it holds more than " + MAX_EXTENDED_IN_A_ROW + " extended headers in a row");
        }
        depth++;
        try {
            return super.getNextEntry();
        } finally {
            depth--;
        }
    }

    @Override
    protected byte[] readRecord() throws IOException {
        if (++records > MAX_RECORDS_PER_ENTRY) {
            throw new Refused("it holds more than " + MAX_RECORDS_PER_ENTRY + " header records for one entry");
        }
        return super.readRecord();
    }

    @Override
    public int read(byte[] buf, int offset, int length) throws IOException {
        TarArchiveEntry entry = getCurrentEntry();
        boolean header = entry != null && (entry.isPaxHeader() || entry.isGlobalPaxHeader()
                || entry.isGNULongNameEntry() || entry.isGNULongLinkEntry());
        if (header && entry.getSize() > MAX_EXTENDED_HEADER) {
            throw new Refused("it holds an extended header (PAX or GNU long name) of " + Digests.size(entry.getSize())
                    + ", more than " + Digests.size(MAX_EXTENDED_HEADER));
        }
        int n = super.read(buf, offset, length);
        if (header && n > 0) {
            extendedTotal += n;
            if (extendedTotal > MAX_EXTENDED_TOTAL) {
                throw new Refused("its extended headers (PAX or GNU long names) add up to more than "
                        + Digests.size(MAX_EXTENDED_TOTAL));
            }
            extended.write(buf, offset, n);
        }
        return n;
    }
}
