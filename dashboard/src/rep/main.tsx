import { render } from "preact";
import { RepApp } from "./RepApp";

render(<RepApp />, document.getElementById("app")!);
