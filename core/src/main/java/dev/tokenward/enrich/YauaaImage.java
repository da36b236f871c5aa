package dev.tokenward.enrich;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import nl.basjes.parse.useragent.UserAgent;
import nl.basjes.parse.useragent.UserAgentAnalyzer;
import nl.basjes.parse.useragent.Version;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * yauaa's analyzer, built once by the build and kept beside the classes as an image. Building it
 * reads yauaa's rules and makes its matchers: about four seconds and 600 MB of a run's memory.
 * Reading the built analyzer back with Kryo, as yauaa supports for its use in stream processors,
 * takes about a quarter of that time and half the memory, and parses alike.
 *
 * <p>The image starts with a stamp naming the yauaa and Kryo versions and the fields it was built
 * for. An image that is missing (classes compiled without the build's step), stamped otherwise, or
 * unreadable is passed over and the analyzer is built from its rules, as it was before there were
 * images: slower, and parsing alike (YauaaImageTest compares the two).
 */
final class YauaaImage {
    /** The image, beside this class. */
    static final String RESOURCE = "yauaa-analyzer.kryo";
    /** The fields Tokenward reads; yauaa leaves out the rules that feed no other. */
    private static final String[] FIELDS = {UserAgent.AGENT_CLASS, UserAgent.AGENT_NAME, UserAgent.AGENT_VERSION_MAJOR,
            UserAgent.OPERATING_SYSTEM_NAME};

    private YauaaImage() {
    }

    /** The analyzer: read from the image when there is a usable one, built from yauaa's rules otherwise. */
    static UserAgentAnalyzer load() {
        return orBuilt(fromImage());
    }

    /** The analyzer the image holds, or built from the rules when it holds none that can be used. */
    static UserAgentAnalyzer load(InputStream image) {
        return orBuilt(read(image));
    }

    private static UserAgentAnalyzer orBuilt(UserAgentAnalyzer read) {
        return read != null ? read : build();
    }

    /** The analyzer from yauaa's rules, without the test cases they carry (85 MB of a run's memory, never read). */
    static UserAgentAnalyzer build() {
        return UserAgentAnalyzer.newBuilder()
                .hideMatcherLoadStats()
                .withoutCache()
                .dropTests()
                .withFields(FIELDS)
                .immediateInitialization()
                .build();
    }

    /** The analyzer from the image beside this class; null when there is none or it cannot be used. */
    static UserAgentAnalyzer fromImage() {
        try (InputStream in = YauaaImage.class.getResourceAsStream(RESOURCE)) {
            return in == null ? null : read(in);
        } catch (IOException unreadable) {
            return null;
        }
    }

    /** The analyzer an image holds; null when it was stamped for other versions or fields, or is damaged. */
    static UserAgentAnalyzer read(InputStream image) {
        try (Input input = new Input(image, 1 << 16)) {
            if (!stamp().equals(input.readString())) {
                return null;
            }
            return kryo().readObject(input, UserAgentAnalyzer.class);
        } catch (RuntimeException | LinkageError | StackOverflowError | OutOfMemoryError damaged) {
            // Kryo reports most damage as a KryoException, but a damaged image can fail in other ways (a
            // length read from damaged bytes, a graph that recurses, another Kryo on the class path);
            // the rules remain, so whatever the failure, they are used
            return null;
        }
    }

    /** Writes {@code analyzer}'s image under {@code stamp}. */
    static void write(UserAgentAnalyzer analyzer, String stamp, OutputStream out) {
        try (Output output = new Output(out, 1 << 16)) {
            output.writeString(stamp);
            kryo().writeObject(output, analyzer);
        }
    }

    /** What an image must have been made with to be read: "yauaa 7.31.0, kryo 5.6.2, fields AgentClass,...". */
    static String stamp() {
        return "yauaa " + Version.getInstance().getProjectVersion() + ", kryo " + kryoVersion() + ", fields "
                + String.join(",", FIELDS);
    }

    /** Kryo names its version only in its Maven metadata, which the command's jar keeps. */
    private static String kryoVersion() {
        Properties properties = new Properties();
        try (InputStream in = Kryo.class.getResourceAsStream("/META-INF/maven/com.esotericsoftware/kryo/pom.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException unreadable) {
            return "unknown";
        }
        return properties.getProperty("version", "unknown");
    }

    /**
     * Kryo as yauaa configures it, and refusing any class it did not register. Kryo reads fields
     * through {@code sun.misc.Unsafe} unless told otherwise, and Java 24 and later warn on standard
     * error at its first use; there it is told otherwise (unless the user chose), at about a tenth
     * of a second's cost.
     */
    private static Kryo kryo() {
        if (Runtime.version().feature() >= 24 && System.getProperty("kryo.unsafe") == null) {
            System.setProperty("kryo.unsafe", "false");
        }
        Kryo kryo = new Kryo();
        kryo.setRegistrationRequired(true);
        UserAgentAnalyzer.configureKryo(kryo);
        return kryo;
    }

    /**
     * Writes the image to the path given. Run by the build after compiling (core/pom.xml), every
     * time: the stamp names versions, not how {@link #build()} builds, so an image is never kept
     * from an earlier build.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: YauaaImage <image file to write>");
            System.exit(2);
        }
        Path target = Path.of(args[0]);
        Logging.quietLog4j();
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        try (OutputStream out = Files.newOutputStream(partial)) {
            write(build(), stamp(), out);
        }
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
