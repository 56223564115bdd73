'use strict';
// CPU and memory of a process from /proc, for the benchmark runner and the floor.
const fs = require('fs');
const { spawnSync } = require('child_process');

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
const PAGE_BYTES = Number(spawnSync('getconf', ['PAGESIZE'], { encoding: 'utf8' }).stdout.trim()) || 4096;

/** The fields of a /proc stat line after the command, which may itself hold spaces and parentheses. */
function statFields(path) {
	const stat = fs.readFileSync(path, 'utf8');
	return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

// utime is field 14 and stime 15 of proc(5), 1-based from the pid; here 0-based after the command.
const cpuMsOf = (fields) => ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;

/**
 * Reads one process over and over. Besides the whole process's CPU time it
 * keeps V8's helper threads apart (Node names them V8Worker): they mark and
 * sweep the heap concurrently and compile in the background, so their share
 * shows how much of a case's CPU went to the engine rather than to the work.
 */
function procReader(pid) {
	const helperThreads = new Map();
	return () => {
		try {
			const fields = statFields(`/proc/${pid}/stat`);
			let v8HelperCpuMs = 0;
			for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
				if (!helperThreads.has(tid)) helperThreads.set(tid, fs.readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim() === 'V8Worker');
				if (helperThreads.get(tid)) v8HelperCpuMs += cpuMsOf(statFields(`/proc/${pid}/task/${tid}/stat`));
			}
			return { at: Date.now(), cpuMs: cpuMsOf(fields), v8HelperCpuMs, rss: Number(fields[21]) * PAGE_BYTES };
		} catch {
			// The process (or one of its threads) ended between the listing and the read.
			return undefined;
		}
	};
}

module.exports = { procReader };
