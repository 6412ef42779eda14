import { useState } from 'react';
import { Box, Center, Image, Text } from '@mantine/core';
import { initials } from './format';

/**
 * An item's picture, or a quiet placeholder with the maison's initials when there is none or it cannot be
 * shown (the app is offline and allows only inline pictures).
 */
export function ItemImage({
  src,
  title,
  maison,
  height,
}: {
  src: string | null;
  title: string;
  maison: string | null;
  height: number;
}) {
  const [failed, setFailed] = useState(false);
  if (src && !failed) {
    return (
      <Image
        src={src}
        alt={title}
        h={height}
        fit="contain"
        // Decoded off the main thread: a grid of cards paints without waiting on its pictures. (Not lazy:
        // full-page screenshots and printed lookbooks need every picture, and they are inline already.)
        decoding="async"
        bg="var(--mantine-color-default-hover)"
        onError={() => setFailed(true)}
      />
    );
  }
  return (
    <Box h={height} bg="var(--mantine-color-default-hover)" role="img" aria-label={`${title} (no picture)`}>
      <Center h="100%">
        <Text ff="heading" fz={height / 4} c="dimmed" style={{ letterSpacing: '0.1em' }}>
          {initials(maison ?? title)}
        </Text>
      </Center>
    </Box>
  );
}
