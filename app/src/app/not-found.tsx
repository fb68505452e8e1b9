import Link from "next/link";

export default function NotFound() {
  return (
    <div className="state state-empty">
      <strong>There is no such page.</strong> <Link href="/">Back to the network</Link>.
    </div>
  );
}
