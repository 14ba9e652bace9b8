// Host scripts are bundled as text (esbuild `text` loader; mocha registers the same in test/setup.ts).
declare module '*.ps1' {
  const text: string;
  export default text;
}
