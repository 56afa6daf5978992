import { describePluginConformance } from '@runtime-env/testkit';
import filesPlugin from '../src/index.js';

describePluginConformance({
  plugin: filesPlugin,
  options: { directoryVariable: 'GREETING_FILES' },
  validSpecs: [
    { title: 'the short form', spec: { 'notes.txt': 'hello' } },
    { title: 'the long form', spec: { contents: { 'bin/greet': '#!/bin/sh\necho hi\n' }, executable: ['bin/greet'] } },
    { title: 'a build command', spec: { contents: { 'a.txt': 'a' }, run: [['cp', 'a.txt', 'b.txt']] } },
  ],
  invalidSpecs: [
    { title: 'a list', spec: ['notes.txt'], message: /expected a dictionary of file path to text/ },
    { title: 'a number as file text', spec: { 'notes.txt': 3 }, message: /expected the file text/ },
    { title: 'a path leaving the directory', spec: { '../escape.txt': 'x' }, message: /without ".."/ },
    { title: 'an absolute path', spec: { '/etc/passwd': 'x' }, message: /must be a relative path/ },
    { title: 'an executable that is not a file', spec: { contents: { 'a.txt': 'a' }, executable: ['b.txt'] }, message: /not one of the files/ },
    { title: 'an empty command', spec: { contents: { 'a.txt': 'a' }, run: [[]] }, message: /at least the program/ },
  ],
  createSpec: {
    spec: {
      contents: { 'bin/greet': '#!/bin/sh\necho "hello from files"\n', 'share/message.txt': 'a message\n' },
      executable: ['bin/greet'],
      run: [['sh', '-c', 'cp share/message.txt share/copy.txt']],
    },
  },
  otherSpec: { spec: { 'share/message.txt': 'another message\n' } },
  abortSpec: { spec: { contents: { 'build.sh': 'sleep 30\n' }, run: [['sh', 'build.sh']] } },
});
