package org.countline.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForceIndexTest {
  private final ForceIndex forces = new ForceIndex(List.of("kent", "essex", "thames-valley", "btp"));

  @Test
  void shouldFindAForceFromTheBytesOfAKeyWhereverTheyLie() {
    byte[] key = "op/thames-valley".getBytes(StandardCharsets.UTF_8);
    ByteBuffer atOffset = ByteBuffer.wrap(key, 3, key.length - 3);
    assertThat(forces.of(atOffset, atOffset.position(), atOffset.remaining())).isEqualTo(2);
    ByteBuffer slice = ByteBuffer.wrap(key).position(3).slice();
    assertThat(forces.of(slice, slice.position(), slice.remaining())).isEqualTo(2);
    ByteBuffer direct = ByteBuffer.allocateDirect(key.length).put(key).flip().position(3);
    assertThat(forces.of(direct, direct.position(), direct.remaining())).isEqualTo(2);
  }

  @Test
  void shouldNotFindAForceThatIsNotKnownOrIsOnlyAPrefix() {
    for (String code : List.of("atlantis", "ken", "kentish", "")) {
      ByteBuffer b = ByteBuffer.wrap(code.getBytes(StandardCharsets.UTF_8));
      assertThat(forces.of(b, 0, b.remaining())).as(code).isEqualTo(-1);
    }
    assertThat(forces.of("essex")).isEqualTo(1);
    assertThat(forces.of("atlantis")).isEqualTo(-1);
  }
}
