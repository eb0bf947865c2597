package io.vigil.models.decode;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * {@link java.util.zip.GZIPInputStream} over a byte array, with one {@link Inflater} (its native
 * zlib state) and one CRC reused from record to record instead of allocated and freed per record.
 * It reproduces the JDK 17 class step for step, input chunking included (the chunk size decides
 * whether bytes after a member's trailer are read as a next member), so it returns the same bytes
 * and throws the same exceptions with the same messages on every input: {@code
 * ReusableGzipReaderTest} compares the two on valid, cut, corrupted and concatenated inputs. Not
 * thread-safe: one per decoder.
 */
final class ReusableGzipReader extends InputStream {
  private static final int FHCRC = 2;
  private static final int FEXTRA = 4;
  private static final int FNAME = 8;
  private static final int FCOMMENT = 16;

  private final Inflater inf = new Inflater(true);
  private final CRC32 crc = new CRC32();
  private final byte[] one = new byte[1];

  private byte[] data;

  /** Bytes handed to the inflater so far (the JDK's underlying stream position). */
  private int pos;

  /** Size of one input chunk, as {@code GZIPInputStream(in, size)} buffers. */
  private int chunk;

  /** Next byte the header and trailer readers take (buffered remainder, then the stream). */
  private int cursor;

  private boolean eos;

  /** Starts reading {@code data}: reads the first member's header, as the JDK constructor does. */
  void open(byte[] data, int chunkSize) throws IOException {
    if (chunkSize <= 0) throw new IllegalArgumentException("Buffer size <= 0");
    this.data = data;
    this.chunk = chunkSize;
    pos = 0;
    eos = false;
    inf.reset();
    cursor = 0;
    readHeader();
    pos = cursor; // the header was read from the stream itself
  }

  /** Frees the array reference; the inflater stays for the next record. */
  @Override
  public void close() {
    data = null;
  }

  @Override
  public int read() throws IOException {
    return read(one, 0, 1) == -1 ? -1 : Byte.toUnsignedInt(one[0]);
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (eos) return -1;
    int n = inflate(b, off, len);
    if (n == -1) {
      if (readTrailer()) {
        eos = true;
      } else {
        return read(b, off, len);
      }
    } else {
      crc.update(b, off, n);
    }
    return n;
  }

  /** InflaterInputStream.read. */
  private int inflate(byte[] b, int off, int len) throws IOException {
    if (len == 0) return 0;
    try {
      int n;
      while ((n = inf.inflate(b, off, len)) == 0) {
        if (inf.finished() || inf.needsDictionary()) return -1;
        if (inf.needsInput()) fill();
      }
      return n;
    } catch (DataFormatException e) {
      String s = e.getMessage();
      throw new ZipException(s != null ? s : "Invalid ZLIB data format");
    }
  }

  /** InflaterInputStream.fill: the next chunk of the stream. */
  private void fill() throws IOException {
    int len = Math.min(chunk, data.length - pos);
    if (len <= 0) throw new EOFException("Unexpected end of ZLIB input stream");
    inf.setInput(data, pos, len);
    pos += len;
  }

  /** GZIPInputStream.readTrailer: true at the end, false when a next member follows. */
  private boolean readTrailer() throws IOException {
    int n = inf.getRemaining();
    cursor = pos - n; // the inflater's unread bytes, then the stream
    if (readUInt() != crc.getValue() || readUInt() != (inf.getBytesWritten() & 0xffffffffL)) {
      throw new ZipException("Corrupt GZIP trailer");
    }
    // the JDK tries a next member if the stream has more or the leftover exceeds 26 bytes
    if (data.length - Math.max(pos, cursor) > 0 || n > 26) {
      int headerStart = cursor;
      try {
        readHeader();
      } catch (IOException ze) {
        return true; // a malformed next header is ignored, as the JDK does
      }
      int m = 8 + cursor - headerStart;
      inf.reset();
      if (n > m) {
        inf.setInput(data, pos - n + m, n - m);
      } else {
        pos = cursor; // the trailer and header ran past the leftover into the stream
      }
      return false;
    }
    return true;
  }

  /** GZIPInputStream.readHeader, reading at {@link #cursor}; resets the CRC after it. */
  private void readHeader() throws IOException {
    crc.reset();
    if (readUShortChecked() != 0x8b1f) throw new ZipException("Not in GZIP format");
    if (readUByteChecked() != 8) throw new ZipException("Unsupported compression method");
    int flg = readUByteChecked();
    skipChecked(6);
    if ((flg & FEXTRA) == FEXTRA) skipChecked(readUShortChecked());
    if ((flg & FNAME) == FNAME) {
      while (readUByteChecked() != 0) {}
    }
    if ((flg & FCOMMENT) == FCOMMENT) {
      while (readUByteChecked() != 0) {}
    }
    if ((flg & FHCRC) == FHCRC) {
      int v = (int) crc.getValue() & 0xffff;
      if (readUShort() != v) throw new ZipException("Corrupt GZIP header");
    }
    crc.reset();
  }

  private int readUByte() throws IOException {
    if (cursor >= data.length) throw new EOFException();
    return data[cursor++] & 0xff;
  }

  private int readUShort() throws IOException {
    int b = readUByte();
    return (readUByte() << 8) | b;
  }

  private long readUInt() throws IOException {
    long s = readUShort();
    return ((long) readUShort() << 16) | s;
  }

  /** A header byte, also fed to the header CRC (the JDK's CheckedInputStream). */
  private int readUByteChecked() throws IOException {
    int b = readUByte();
    crc.update(b);
    return b;
  }

  private int readUShortChecked() throws IOException {
    int b = readUByteChecked();
    return (readUByteChecked() << 8) | b;
  }

  private void skipChecked(int n) throws IOException {
    for (int i = 0; i < n; i++) readUByteChecked();
  }
}
