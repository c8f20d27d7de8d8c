import './compile-cache';
import 'reflect-metadata';
import { run } from './bootstrap';

/**
 * Boots the service. ROLE=all (the default) serves the API and runs the worker in one process;
 * ROLE=api and ROLE=worker split them for production (see worker.ts).
 */
void run();
