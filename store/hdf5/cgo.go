package hdf5

// The small C shim this package needs beyond gonum.org/v1/hdf5: raw chunk
// I/O (H5Dread_chunk, H5Dwrite_chunk, H5Dget_chunk_storage_size,
// H5Dget_chunk_info_by_coord; HDF5 ≥ 1.10.5), filter pipelines, fill values, type inspection and attribute
// reading. The flags below match Debian's libhdf5-dev (serial) and the
// paths gonum's own binding uses; with them `go build` needs no
// CGO_CFLAGS or CGO_LDFLAGS on Debian/Ubuntu amd64 and arm64.

// #cgo LDFLAGS: -lhdf5
// #cgo linux,!arm64 CFLAGS: -I/usr/include/hdf5/serial -I/usr/lib/x86_64-linux-gnu/hdf5/serial/include
// #cgo linux,!arm64 LDFLAGS: -L/usr/lib/x86_64-linux-gnu/hdf5/serial
// #cgo linux,arm64 CFLAGS: -I/usr/include/hdf5/serial -I/usr/lib/aarch64-linux-gnu/hdf5/serial/include
// #cgo linux,arm64 LDFLAGS: -L/usr/lib/aarch64-linux-gnu/hdf5/serial
// #cgo darwin CFLAGS: -I/usr/local/include -I/opt/homebrew/include
// #cgo darwin LDFLAGS: -L/usr/local/lib -L/opt/homebrew/lib
// #include <stdlib.h>
// #include <string.h>
// #include "hdf5.h"
//
// #if H5_VERSION_LE(1, 10, 4)
// #error "chunkwise/store/hdf5 needs HDF5 1.10.5 or later (H5Dget_chunk_info_by_coord)"
// #endif
//
// // Native memory types, which are macros in hdf5.h.
// hid_t cw_native(int code) {
//   switch (code) {
//   case 1: return H5T_NATIVE_INT8;
//   case 2: return H5T_NATIVE_INT16;
//   case 3: return H5T_NATIVE_INT32;
//   case 4: return H5T_NATIVE_INT64;
//   case 5: return H5T_NATIVE_UINT8;
//   case 6: return H5T_NATIVE_UINT16;
//   case 7: return H5T_NATIVE_UINT32;
//   case 8: return H5T_NATIVE_UINT64;
//   case 9: return H5T_NATIVE_FLOAT;
//   case 10: return H5T_NATIVE_DOUBLE;
//   }
//   return -1;
// }
//
// // Little-endian file types for writing.
// hid_t cw_file_le(int code) {
//   switch (code) {
//   case 1: return H5T_STD_I8LE;
//   case 2: return H5T_STD_I16LE;
//   case 3: return H5T_STD_I32LE;
//   case 4: return H5T_STD_I64LE;
//   case 5: return H5T_STD_U8LE;
//   case 6: return H5T_STD_U16LE;
//   case 7: return H5T_STD_U32LE;
//   case 8: return H5T_STD_U64LE;
//   case 9: return H5T_IEEE_F32LE;
//   case 10: return H5T_IEEE_F64LE;
//   }
//   return -1;
// }
//
// // h5py's float16: IEEE binary16, little-endian (sign bit 15, exponent
// // bits 10-14 with bias 15, mantissa bits 0-9).
// hid_t cw_half_type(void) {
//   hid_t t = H5Tcopy(H5T_IEEE_F32LE);
//   H5Tset_fields(t, 15, 10, 5, 0, 10);
//   H5Tset_size(t, 2);
//   H5Tset_ebias(t, 15);
//   return t;
// }
//
// // h5py's bool: an enum over int8 with FALSE = 0 and TRUE = 1.
// hid_t cw_bool_type(void) {
//   hid_t t = H5Tenum_create(H5T_NATIVE_INT8);
//   signed char v = 0;
//   H5Tenum_insert(t, "FALSE", &v);
//   v = 1;
//   H5Tenum_insert(t, "TRUE", &v);
//   return t;
// }
//
// // h5py's complex: a compound {r, i} of two floats of type part.
// hid_t cw_complex_type(hid_t part) {
//   size_t sz = H5Tget_size(part);
//   hid_t t = H5Tcreate(H5T_COMPOUND, 2 * sz);
//   H5Tinsert(t, "r", 0, part);
//   H5Tinsert(t, "i", sz, part);
//   return t;
// }
//
// // The size of one part of h5py's complex type t (compound {r, i} of one
// // float type at offsets 0 and its size), negated when big-endian; 0
// // when t is not one.
// int cw_complex_part(hid_t t) {
//   if (H5Tget_class(t) != H5T_COMPOUND || H5Tget_nmembers(t) != 2) return 0;
//   int part = 0;
//   for (unsigned i = 0; i < 2; i++) {
//     char *name = H5Tget_member_name(t, i);
//     hid_t m = H5Tget_member_type(t, i);
//     size_t sz = H5Tget_size(m);
//     int ok = name && strcmp(name, i == 0 ? "r" : "i") == 0 && H5Tget_class(m) == H5T_FLOAT &&
//       (sz == 4 || sz == 8) && H5Tget_member_offset(t, i) == i * sz && H5Tget_size(t) == 2 * sz;
//     int be = H5Tget_order(m) == H5T_ORDER_BE;
//     H5free_memory(name);
//     H5Tclose(m);
//     if (!ok || (part != 0 && part != (be ? -(int)sz : (int)sz))) return 0;
//     part = be ? -(int)sz : (int)sz;
//   }
//   return part;
// }
//
// int cw_is_bool_enum(hid_t t) {
//   if (H5Tget_class(t) != H5T_ENUM || H5Tget_size(t) != 1 || H5Tget_nmembers(t) != 2) return 0;
//   for (unsigned i = 0; i < 2; i++) {
//     char *name = H5Tget_member_name(t, i);
//     signed char v = -1;
//     H5Tget_member_value(t, i, &v);
//     int ok = name && ((i == 0 && strcmp(name, "FALSE") == 0 && v == 0) || (i == 1 && strcmp(name, "TRUE") == 0 && v == 1));
//     H5free_memory(name);
//     if (!ok) return 0;
//   }
//   return 1;
// }
//
// hid_t cw_p_dataset_create(void) { return H5P_DATASET_CREATE; }
// hid_t cw_p_link_create(void) { return H5P_LINK_CREATE; }
// int cw_haddr_undef(haddr_t a) { return a == HADDR_UNDEF; }
//
// // libhdf5 (Debian builds it thread-safe) keeps its error stack and the
// // setting that prints it per thread, and cgo calls may run on any
// // thread: so each call that can fail on bad data is wrapped to turn
// // printing off, call, and on failure copy the innermost error (the
// // cause, such as "inflate() failed") into err, all on one thread.
// static herr_t cw_first_error(unsigned n, const H5E_error2_t *e, void *buf) {
//   if (n == 0 && e->desc) { strncpy((char *)buf, e->desc, 255); ((char *)buf)[255] = 0; }
//   return 0;
// }
// static void cw_cause(herr_t r, char *err) {
//   err[0] = 0;
//   if (r < 0) H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, cw_first_error, err);
// }
// herr_t cw_dread(hid_t d, hid_t mt, hid_t ms, hid_t fs, void *buf, char *err) {
//   H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
//   herr_t r = H5Dread(d, mt, ms, fs, H5P_DEFAULT, buf);
//   cw_cause(r, err);
//   return r;
// }
// herr_t cw_dread_chunk(hid_t d, const hsize_t *off, uint32_t *filters, void *buf, char *err) {
//   H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
//   herr_t r = H5Dread_chunk(d, H5P_DEFAULT, off, filters, buf);
//   cw_cause(r, err);
//   return r;
// }
// herr_t cw_chunk_info(hid_t d, const hsize_t *off, unsigned *mask, haddr_t *addr, hsize_t *size, char *err) {
//   H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
//   herr_t r = H5Dget_chunk_info_by_coord(d, off, mask, addr, size);
//   cw_cause(r, err);
//   return r;
// }
// // H5Dget_chunk_storage_size fails for a chunk never written, its
// // innermost error this one (libhdf5 1.10 to 1.14): cw_chunk_storage_size
// // reports such a chunk as stored in 0 bytes, and any other failure as
// // a failure.
// static herr_t cw_is_unallocated(unsigned n, const H5E_error2_t *e, void *found) {
//   if (n == 0 && e->func_name && e->desc && strcmp(e->func_name, "H5D__get_chunk_storage_size") == 0 &&
//       strcmp(e->desc, "chunk storage is not allocated") == 0) *(int *)found = 1;
//   return 0;
// }
// herr_t cw_chunk_storage_size(hid_t d, const hsize_t *off, hsize_t *size, char *err) {
//   H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
//   *size = 0;
//   herr_t r = H5Dget_chunk_storage_size(d, off, size);
//   if (r < 0) {
//     int unallocated = 0;
//     H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, cw_is_unallocated, &unallocated);
//     if (unallocated) { *size = 0; err[0] = 0; return 0; }
//   }
//   cw_cause(r, err);
//   return r;
// }
// herr_t cw_dwrite_chunk(hid_t d, const hsize_t *off, size_t n, const void *buf, char *err) {
//   H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
//   herr_t r = H5Dwrite_chunk(d, H5P_DEFAULT, 0, off, n, buf);
//   cw_cause(r, err);
//   return r;
// }
// herr_t cw_dwrite_all(hid_t d, hid_t mt, const void *buf, char *err) {
//   H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
//   herr_t r = H5Dwrite(d, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf);
//   cw_cause(r, err);
//   return r;
// }
import "C"
