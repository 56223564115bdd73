const { src, dest } = require('gulp');

// tsc only emits JavaScript; n8n also needs the SVG icons and the codex JSON next to each node.
function copyStaticFiles() {
	return src(['nodes/**/*.{png,svg,json}', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(
		dest('dist'),
	);
}

exports['build:icons'] = copyStaticFiles;
