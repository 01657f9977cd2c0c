import { accessMatrixSuite } from './access-matrix.js';

accessMatrixSuite();
