package org.countline.app;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.countline.core.ReferenceData;
import picocli.CommandLine.Option;

/** {@code --forces-file}: the forces and regions to load, the bundled list by default. */
final class ReferenceOptions {
  @Option(names = "--forces-file", paramLabel = "CSV",
      description = "Forces and the regions they report with (code,name,region,regionName). Default: the bundled list of 44 forces.")
  Path forcesFile;

  ReferenceData load() {
    if (forcesFile == null) {
      return ReferenceData.defaults();
    }
    try (Reader reader = Files.newBufferedReader(forcesFile, StandardCharsets.UTF_8)) {
      return ReferenceData.parse(reader, forcesFile.toString());
    } catch (NoSuchFileException e) {
      throw new UserFacingException("forces file " + forcesFile + " does not exist");
    } catch (IOException e) {
      throw new UserFacingException("cannot read forces file " + forcesFile + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new UserFacingException(e.getMessage());
    }
  }
}
