export { GET } from "../../messages/route";
