package io.quakegraph.ingest.replay;

import io.quakegraph.seismic.ScedcDayFile;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The SCEDC continuous archive in an S3 bucket, read anonymously (the public {@code s3://scedc-pds}
 * needs no account), or any S3-compatible server given by an endpoint.
 *
 * <p>Only the day folders of the requested window are listed, and only names that pass the
 * station/channel selection are kept, so nothing else of a multi-terabyte bucket is touched. A file
 * is read in ranged GETs of {@link #CHUNK_BYTES} as the replay consumes it: no connection is held
 * open while a slow replay waits, and memory per open file stays at one chunk.
 *
 * <p>Checksums are only computed and validated where S3 requires them: S3-compatible servers differ
 * in which of the newer flexible checksums they support, and miniSEED carries its own integrity
 * checks (Steim reverse integration constant, miniSEED 3 CRC), which the validator applies to every
 * record.
 */
public final class S3Archive implements AutoCloseable {
  /** Bytes fetched per ranged GET. */
  public static final int CHUNK_BYTES = 256 * 1024;

  /** Region of the public SCEDC bucket. */
  public static final String SCEDC_REGION = "us-west-2";

  private final S3Client client;
  private final String bucket;
  private final String base; // key prefix of the continuous_waveforms folder, ending in '/'

  /**
   * @param uri {@code s3://bucket/prefix}; the prefix is the {@code continuous_waveforms} folder
   *     itself, or a folder that holds it
   * @param endpoint an S3-compatible endpoint, or null for AWS
   * @param region the bucket's region
   * @param pathStyle whether to address the bucket in the path rather than the host name
   */
  public S3Archive(String uri, URI endpoint, String region, boolean pathStyle) {
    URI u = URI.create(uri);
    if (!"s3".equals(u.getScheme()) || u.getHost() == null) {
      throw new IllegalArgumentException("not an s3://bucket/prefix URI: " + uri);
    }
    this.bucket = u.getHost();
    String path = u.getPath() == null ? "" : u.getPath().replaceAll("^/+|/+$", "");
    if (path.isEmpty()) {
      this.base = "continuous_waveforms/";
    } else if (path.endsWith("continuous_waveforms")) {
      this.base = path + "/";
    } else {
      this.base = path + "/continuous_waveforms/";
    }
    var b =
        S3Client.builder()
            .region(Region.of(region))
            .credentialsProvider(AnonymousCredentialsProvider.create())
            .httpClient(UrlConnectionHttpClient.create())
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .forcePathStyle(pathStyle);
    if (endpoint != null) {
      b.endpointOverride(endpoint);
    }
    this.client = b.build();
  }

  /**
   * The day files of the selection, in key order.
   *
   * @throws IllegalArgumentException if the window is not bounded (a bucket is not listed whole)
   * @throws IOException if listing fails
   */
  public List<ArchiveFile> list(Selection selection) throws IOException {
    if (!selection.bounded()) {
      throw new IllegalArgumentException(
          "an S3 replay needs --start and --end: the bucket is listed day by day");
    }
    List<ArchiveFile> out = new ArrayList<>();
    for (LocalDate day : selection.days()) {
      String prefix =
          base + "%04d/%04d_%03d/".formatted(day.getYear(), day.getYear(), day.getDayOfYear());
      try {
        var pages =
            client.listObjectsV2Paginator(
                ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build());
        for (S3Object o : pages.contents()) {
          String name = o.key().substring(o.key().lastIndexOf('/') + 1);
          ScedcDayFile f;
          try {
            f = ScedcDayFile.parse(name);
          } catch (IllegalArgumentException e) {
            continue; // not a day file (an index or a README): not waveform data
          }
          if (!selection.matches(f.id()) || !f.day().equals(day)) {
            continue;
          }
          String key = o.key();
          long size = o.size();
          out.add(
              new ArchiveFile(
                  "s3://" + bucket + "/" + key,
                  size,
                  f.id(),
                  f.dayStartMicros(),
                  () -> new RangedInputStream(key, size)));
        }
      } catch (SdkException e) {
        throw new IOException(
            "cannot list s3://" + bucket + "/" + prefix + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  @Override
  public void close() {
    client.close();
  }

  /** Reads an object in ranged GETs of {@link #CHUNK_BYTES}. */
  private final class RangedInputStream extends InputStream {
    private final String key;
    private final long size;
    private long next; // object offset of the next chunk to fetch
    private byte[] chunk = new byte[0];
    private int pos;

    RangedInputStream(String key, long size) {
      this.key = key;
      this.size = size;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (pos >= chunk.length) {
        if (next >= size) {
          return -1;
        }
        long last = Math.min(size, next + CHUNK_BYTES) - 1;
        try {
          chunk =
              client
                  .getObjectAsBytes(
                      GetObjectRequest.builder()
                          .bucket(bucket)
                          .key(key)
                          .range("bytes=" + next + "-" + last)
                          .build())
                  .asByteArray();
        } catch (SdkException e) {
          throw new IOException(
              "cannot read s3://%s/%s at byte %d: %s".formatted(bucket, key, next, e.getMessage()),
              e);
        }
        if (chunk.length == 0) {
          throw new IOException(
              "s3://%s/%s: empty response at byte %d of %d".formatted(bucket, key, next, size));
        }
        next += chunk.length;
        pos = 0;
      }
      int n = Math.min(len, chunk.length - pos);
      System.arraycopy(chunk, pos, b, off, n);
      pos += n;
      return n;
    }
  }
}
