// Shipments and deliveries per day as grouped bars: inline SVG in Polaris colours, no chart library.
// The numbers are also in a visually hidden table for screen readers.
import { BlockStack, Box, InlineStack, Text } from "@shopify/polaris";
import { formatDay } from "./format";

export interface DayBar {
  day: string;
  shipments: number;
  deliveries: number;
}

const SERIES = [
  { key: "shipments", label: "Shipments", color: "var(--p-color-bg-fill-info)" },
  { key: "deliveries", label: "Deliveries", color: "var(--p-color-bg-fill-success)" },
] as const;

const WIDTH = 720;
const HEIGHT = 220;
const PAD = { top: 12, right: 8, bottom: 28, left: 36 };

/** A round axis maximum (1, 2, 5 × 10^n) at or above the largest value. */
export function niceMax(value: number): number {
  if (value <= 4) return 4;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

export function DayChart({ points }: { points: DayBar[] }) {
  const max = niceMax(Math.max(0, ...points.flatMap((p) => [p.shipments, p.deliveries])));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, points.length);
  const bar = Math.max(2, Math.min(16, (slot - 6) / 2));
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  const ticks = [0, max / 2, max];
  const labelEvery = Math.ceil(points.length / 10);
  return (
    <BlockStack gap="200">
      <InlineStack gap="400">
        {SERIES.map((s) => (
          <InlineStack key={s.key} gap="100" blockAlign="center">
            <span style={{ width: 12, height: 12, borderRadius: 3, background: s.color, display: "inline-block" }} />
            <Text as="span" variant="bodySm">
              {s.label}
            </Text>
          </InlineStack>
        ))}
      </InlineStack>
      <Box>
        <svg
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          width="100%"
          role="img"
          aria-label="Shipments and deliveries per day"
          data-testid="day-chart"
        >
          {ticks.map((t) => (
            <g key={t}>
              <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(t)} y2={y(t)} stroke="var(--p-color-border-secondary)" />
              <text x={PAD.left - 6} y={y(t) + 4} textAnchor="end" fontSize="11" fill="var(--p-color-text-secondary)">
                {t}
              </text>
            </g>
          ))}
          {points.map((p, i) => {
            const x0 = PAD.left + i * slot + (slot - bar * 2 - 2) / 2;
            return (
              <g key={p.day}>
                {SERIES.map((s, j) => (
                  <rect
                    key={s.key}
                    x={x0 + j * (bar + 2)}
                    y={y(p[s.key])}
                    width={bar}
                    height={Math.max(0, PAD.top + plotH - y(p[s.key]))}
                    rx={2}
                    fill={s.color}
                  >
                    <title>{`${formatDay(p.day)}: ${p[s.key]} ${s.label.toLowerCase()}`}</title>
                  </rect>
                ))}
                {(points.length - 1 - i) % labelEvery === 0 ? (
                  <text
                    x={PAD.left + i * slot + slot / 2}
                    y={HEIGHT - 8}
                    textAnchor="middle"
                    fontSize="11"
                    fill="var(--p-color-text-secondary)"
                  >
                    {formatDay(p.day)}
                  </text>
                ) : null}
              </g>
            );
          })}
        </svg>
      </Box>
      <table style={{ position: "absolute", width: 1, height: 1, overflow: "hidden", clip: "rect(0 0 0 0)" }}>
        <caption>Shipments and deliveries per day (UTC)</caption>
        <thead>
          <tr>
            <th>Day</th>
            <th>Shipments</th>
            <th>Deliveries</th>
          </tr>
        </thead>
        <tbody>
          {points.map((p) => (
            <tr key={p.day}>
              <td>{p.day}</td>
              <td>{p.shipments}</td>
              <td>{p.deliveries}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </BlockStack>
  );
}
