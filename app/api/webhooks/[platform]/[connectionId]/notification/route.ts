// Yandex Market appends /notification to the URL set in its cabinet; it is the same intake.
export { GET, POST } from "../route";
export const dynamic = "force-dynamic";
