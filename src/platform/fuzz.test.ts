import { fuzzSuite } from './fuzz.js';

fuzzSuite();
