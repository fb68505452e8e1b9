import type { Metadata } from "next";
import { SubmitView } from "@/views/SubmitView";

export const metadata: Metadata = { title: "Submit a job" };

export default function SubmitPage() {
  return <SubmitView />;
}
