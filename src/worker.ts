import './compile-cache';
import 'reflect-metadata';
import { run } from './bootstrap';

/** Boots the queue processors and the scheduler without HTTP, whatever ROLE says. */
void run('worker');
