import { TIME_ZONES } from '../digests/zonedTime.ts';

const MAX_CHOICES = 25;
const cityOf = (zone: string) => zone.slice(zone.lastIndexOf('/') + 1);

/**
 * Timezone suggestions for what the admin typed: zones whose city starts with it first
 * ("ber" → Europe/Berlin), then any zone containing it; spaces match underscores ("new york").
 */
export function suggestTimeZones(
  typed: string,
  zones: readonly string[] = TIME_ZONES,
): Array<{ name: string; value: string }> {
  const q = typed.trim().toLowerCase().replace(/\s+/g, '_');
  const rank = (zone: string): number => {
    const z = zone.toLowerCase();
    const city = z.slice(z.lastIndexOf('/') + 1);
    if (q === '' || city.startsWith(q) || z.startsWith(q)) return 0;
    if (z.includes(q)) return 1;
    return 2;
  };
  return zones
    .map((zone) => ({ zone, r: rank(zone) }))
    .filter(({ r }) => r < 2)
    .sort((a, b) => a.r - b.r || cityOf(a.zone).localeCompare(cityOf(b.zone)) || a.zone.localeCompare(b.zone))
    .slice(0, MAX_CHOICES)
    .map(({ zone }) => ({ name: zone, value: zone }));
}
