"use client";
import { Cell, Legend, Pie, PieChart, ResponsiveContainer, Tooltip } from "recharts";
import { formatNumber } from "@/lib/format/format";
import { seriesColor } from "./MetricChart";

/** A share-of-total pie (energy mix), with a legend; shows a note when everything is zero. */
export function PieBreakdown({ data, unit }: { data: Array<{ name: string; value: number }>; unit: string }) {
  const total = data.reduce((sum, d) => sum + d.value, 0);
  if (total <= 0) return <p className="muted small">Nothing measured yet.</p>;
  return (
    <ResponsiveContainer width="100%" height={220}>
      <PieChart>
        <Pie data={data} dataKey="value" nameKey="name" innerRadius={45} outerRadius={80} isAnimationActive={false}>
          {data.map((entry, index) => (
            <Cell key={entry.name} fill={seriesColor(index)} />
          ))}
        </Pie>
        <Tooltip formatter={(value) => `${formatNumber(Number(value), 6)} ${unit} (${formatNumber((Number(value) / total) * 100, 1)}%)`} />
        <Legend />
      </PieChart>
    </ResponsiveContainer>
  );
}
