#include <fcntl.h>
#include <hdf5.h>

/*
 * HDF5's type, property-list and flag constants are macros Swift cannot import.
 * Each getter below returns one of them; the id-valued ones also run H5open().
 */

/* Property lists and flags. */
static inline hid_t ch5_p_default(void) { return H5P_DEFAULT; }
static inline hid_t ch5_p_file_access(void) { return H5P_FILE_ACCESS; }
static inline hid_t ch5_p_dataset_create(void) { return H5P_DATASET_CREATE; }
static inline hid_t ch5_p_dataset_access(void) { return H5P_DATASET_ACCESS; }
static inline hid_t ch5_p_link_create(void) { return H5P_LINK_CREATE; }
static inline unsigned ch5_f_acc_rdonly(void) { return H5F_ACC_RDONLY; }
static inline unsigned ch5_f_acc_rdwr(void) { return H5F_ACC_RDWR; }
static inline unsigned ch5_f_acc_trunc(void) { return H5F_ACC_TRUNC; }
static inline unsigned ch5_f_acc_excl(void) { return H5F_ACC_EXCL; }
static inline hid_t ch5_s_all(void) { return H5S_ALL; }
static inline hsize_t ch5_s_unlimited(void) { return H5S_UNLIMITED; }
static inline hid_t ch5_e_default(void) { return H5E_DEFAULT; }
static inline size_t ch5_t_variable(void) { return H5T_VARIABLE; }

/* Native (memory) types. */
static inline hid_t ch5_native_int8(void) { return H5T_NATIVE_INT8; }
static inline hid_t ch5_native_int16(void) { return H5T_NATIVE_INT16; }
static inline hid_t ch5_native_int32(void) { return H5T_NATIVE_INT32; }
static inline hid_t ch5_native_int64(void) { return H5T_NATIVE_INT64; }
static inline hid_t ch5_native_uint8(void) { return H5T_NATIVE_UINT8; }
static inline hid_t ch5_native_uint16(void) { return H5T_NATIVE_UINT16; }
static inline hid_t ch5_native_uint32(void) { return H5T_NATIVE_UINT32; }
static inline hid_t ch5_native_uint64(void) { return H5T_NATIVE_UINT64; }
static inline hid_t ch5_native_float(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t ch5_native_double(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t ch5_c_s1(void) { return H5T_C_S1; }

/*
 * Turns off HDF5's automatic error printing for the calling thread. The thread-safe
 * library keeps one error stack (and its printing setting) per thread, so this runs
 * once per thread; later calls cost one thread-local read.
 */
static inline void ch5_silence_errors(void) {
    static _Thread_local int silenced = 0;
    if (!silenced) {
        H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
        silenced = 1;
    }
}

/*
 * Marks an open file's descriptor close-on-exec (sec2 driver; HDF5 opens files without
 * O_CLOEXEC), so that child processes started later do not inherit it.
 * Returns -1 when the descriptor is not available.
 */
static inline int ch5_set_close_on_exec(hid_t file) {
    void *handle = NULL;
    if (H5Fget_vfd_handle(file, H5P_DEFAULT, &handle) < 0 || handle == NULL) return -1;
    int fd = *(int *)handle;
    int flags = fcntl(fd, F_GETFD);
    if (flags < 0) return -1;
    return fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
}
