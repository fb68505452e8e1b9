import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { JobView } from "@/views/JobView";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: `Job #${(await params).id}` };
}

export default async function JobPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!/^[1-9]\d{0,77}$/.test(id)) notFound();
  return <JobView id={id} />;
}
