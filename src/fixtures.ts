// Every domain's entity fixtures, for the access-matrix and fuzz tests. Add one import per domain.
import './activities/fixtures.js';
import './compliance/fixtures.js';
import './org/fixtures.js';
import './proofreading/fixtures.js';
import './responsibility/fixtures.js';
import './study/fixtures.js';
